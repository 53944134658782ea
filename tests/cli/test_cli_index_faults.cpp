// Faults injected into the real clipdesk-cli between the database commit and the vector-index
// save (issue 19, point 1): a SIGKILL as the new index file is about to replace the old one,
// and a full disk (ENOSPC) while it is written. The preloaded index_save_faults library
// injects them; nothing in production code knows. Afterwards nothing indexed is lost: the
// changed photo finds itself at score 1 and `status --check` verifies every vector.

#include "cli_json_run.h"
#include "library_test_support.h"
#include "shared_data.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <chrono>

using namespace clipdesk;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

test::CliJsonResult runCli(const QStringList& args, const QString& fault = {}) {
    test::CliRunOptions options;
    if (!fault.isEmpty()) options.environment << "LD_PRELOAD=" CLIPDESK_FAULT_LIBRARY << "CLIPDESK_TEST_FAULT=" + fault;
    return test::runCliJson(args, options);
}

}  // namespace

class TestCliIndexFaults : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path root_, lib_, model_;
    fs::path photo(int i) const { return root_ / "photos" / ("p" + std::to_string(i) + ".jpg"); }

    // New content with a new mtime: the next index re-encodes it.
    void changePhoto(int i, int seed) {
        test::writePhoto(photo(i), seed);
        fs::last_write_time(photo(i), fs::last_write_time(photo(i)) + std::chrono::seconds(5));
    }

    void expectNothingLost(int changed) {
        auto r = runCli({"similar", "--library", q(lib_), "-k", "1", q(photo(changed))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto& hits = r.lines;
        QCOMPARE(hits.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(hits[0]["path"].get<std::string>()), q(photo(changed)));
        QVERIFY2(std::abs(hits[0]["score"].get<double>() - 1.0) < 1e-4, hits[0].dump().c_str());
        r = runCli({"status", "--library", q(lib_), "--check"});
        const auto& status = r.lines;
        QVERIFY2(!status.empty(), qPrintable(r.stderrText));
        QCOMPARE(status[0]["index"]["vectors_wrong"].get<int>(), 0);
        QCOMPARE(status[0]["index"]["vectors_checked"].get<int>(), 4);
    }

private Q_SLOTS:
    void initTestCase() {
        CLIPDESK_REQUIRE_SHARED(test::bpeVocabPath());
        root_ = fs::path(tmp_.path().toStdString());
        model_ = root_ / "model";
        test::writeTinyModel(model_, 23);
        for (int i = 0; i < 4; ++i) test::writePhoto(photo(i), 230 + i);
        lib_ = root_ / "lib";
        const auto r = runCli({"index", "--library", q(lib_), "--model", q(model_), "--quiet", q(root_ / "photos")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
    }

    void killedBetweenCommitAndSave() {
        changePhoto(0, 2300);
        const auto r = runCli({"index", "--library", q(lib_), "--quiet"}, "kill-before-index-rename");
        QVERIFY2(r.exitCode == -1 && !r.hung, qPrintable("expected a SIGKILL, got exit " + QString::number(r.exitCode) +
                                                        ": " + r.stderrText));
        expectNothingLost(0);
    }

    void fullDiskWhileSavingTheIndex() {
        changePhoto(1, 2301);
        const auto r = runCli({"index", "--library", q(lib_), "--quiet"}, "enospc-on-index-save");
        QVERIFY2(r.exitCode != 0, qPrintable(r.stderrText));
        QVERIFY2(r.stderrText.contains("vectors.faiss") && r.stderrText.contains("No space left on device"),
                 qPrintable(r.stderrText));
        QVERIFY(!fs::exists(lib_ / "vectors.faiss") || fs::file_size(lib_ / "vectors.faiss") > 0);
        expectNothingLost(1);
    }
};

QTEST_GUILESS_MAIN(TestCliIndexFaults)
#include "test_cli_index_faults.moc"
