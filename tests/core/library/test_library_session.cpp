// LibrarySession's model: loaded on first use, or started on a second thread while the
// library's vector index loads (SessionOptions::preloadTowers, what the CLI's search of words
// asks for). A preloaded model gives the same search results, its errors surface when the
// model is asked for (not when the library opens), and a model whose files changed under the
// same path is reported as changed, another model as not the library's.

#include "library_test_support.h"
#include "shared_data.h"

#include "application/index_run.h"
#include "application/library_session.h"
#include "application/photo_query.h"
#include "application/use_case_error.h"
#include "clip/clip_embedder.h"
#include "temporary_dir.h"

#include <QtTest/QtTest>

using namespace clipdesk;
namespace fs = std::filesystem;

namespace {

bool sameTowers(ModelTowers a, ModelTowers b) { return a.image == b.image && a.text == b.text; }

}  // namespace

class TestLibrarySession : public QObject {
    Q_OBJECT

    test::TemporaryDir tmp_;
    fs::path model_, library_;

    fs::path path(const std::string& name) const { return fs::path(tmp_.path()) / name; }

    std::unique_ptr<LibrarySession> open(ModelTowers preload, const std::string& modelPath = {}) const {
        SessionOptions options;
        options.libraryDir = library_;
        options.model.path = modelPath;
        options.model.threads = 1;
        options.preloadTowers = preload;
        return LibrarySession::open(options);
    }

    static std::vector<SearchHit> search(LibrarySession& session, const std::string& words) {
        SearchOptions options;
        options.k = 10;
        return findPhotos(session, PhotoQuery{PhotoQuery::Kind::Text, words}, options);
    }

private Q_SLOTS:
    void initTestCase() {
        CLIPDESK_REQUIRE_SHARED(test::bpeVocabPath());
        test::useSharedBpeVocabulary();
        QVERIFY(tmp_.isValid());
        model_ = path("model");
        test::writeTinyModel(model_, 5);
        const auto photos = path("photos");
        for (int i = 0; i < 6; ++i) test::writePhoto(photos / ("p" + std::to_string(i) + ".jpg"), 40 + i);
        IndexRunRequest request;
        request.libraryDir = library_ = path("library");
        request.folders = {photos.string()};
        request.model.path = model_.string();
        request.model.threads = 1;
        request.options.workers = 1;
        QCOMPARE(runIndex(request, JobControl{}).summary.added, std::int64_t(6));
    }

    void preloadedModelGivesTheSameResults() {
        auto onDemand = open({false, false});
        const auto expected = search(*onDemand, "a red square");
        QCOMPARE(expected.size(), std::size_t(6));
        QVERIFY(sameTowers(onDemand->model(ModelTowers::textOnly()).towers(), ModelTowers::textOnly()));

        auto preloaded = open(ModelTowers::both());
        const auto hits = search(*preloaded, "a red square");
        // The search asked for the text tower only; the session holds what it preloaded.
        QVERIFY(sameTowers(preloaded->model(ModelTowers::textOnly()).towers(), ModelTowers::both()));
        QCOMPARE(hits.size(), expected.size());
        for (std::size_t i = 0; i < hits.size(); ++i) {
            QCOMPARE(hits[i].photoId, expected[i].photoId);
            QCOMPARE(hits[i].score, expected[i].score);
        }
    }

    void aPreloadErrorSurfacesWhenTheModelIsAskedFor() {
        const auto other = path("other-model");
        test::writeTinyModel(other, 6);
        std::unique_ptr<LibrarySession> session;
        try {
            session = open(ModelTowers::textOnly(), other.string());
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QString("opening the library failed: ") + e.what()));
        }
        QCOMPARE(search(*session, "").size(), std::size_t(6));  // browsing needs no model
        try {
            session->model(ModelTowers::textOnly());
            QFAIL("another model's weights were accepted");
        } catch (const UseCaseError& e) {
            QCOMPARE(e.problem(), UseCaseProblem::NotTheLibraryModel);
            QVERIFY2(std::string(e.what()).find("not the model this library was indexed with") != std::string::npos,
                     e.what());
        }
    }

    void changedWeightsUnderTheSamePathAreAChangedModel() {
        const auto copy = path("model-copy");
        fs::copy(model_, copy);
        {
            IndexRunRequest request;
            request.libraryDir = path("library-copy");
            request.folders = {path("photos").string()};
            request.model.path = copy.string();
            request.model.threads = 1;
            request.options.workers = 1;
            QCOMPARE(runIndex(request, JobControl{}).summary.added, std::int64_t(6));
        }
        test::writeTinyModel(copy, 7);  // new weights, same folder
        SessionOptions options;
        options.libraryDir = path("library-copy");
        options.model.path = copy.string();
        options.preloadTowers = ModelTowers::textOnly();
        auto session = LibrarySession::open(options);
        try {
            session->model(ModelTowers::textOnly());
            QFAIL("changed weights were accepted");
        } catch (const UseCaseError& e) {
            QCOMPARE(e.problem(), UseCaseProblem::ModelChanged);
            QVERIFY2(std::string(e.what()).find("has changed since the library was indexed") != std::string::npos,
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestLibrarySession)
#include "test_library_session.moc"
