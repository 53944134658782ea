// Indexing and searching a real library on disk with a tiny random CLIP: incremental runs,
// bad files, faults during a run, cancellation, model changes, index repair, and search
// mechanics (random weights carry no meaning, so results are checked against exact maths on
// the stored embeddings).

#include "library_test_support.h"
#include "shared_data.h"
#include "test_image_files.h"

#include "clip/clip_embedder.h"
#include "library/photo_indexer.h"
#include "library/photo_library.h"
#include "library/photo_reader.h"
#include "library/photo_search.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <torch/torch.h>

#include <sys/stat.h>
#include <sys/time.h>

#include <ctime>

#include <QTemporaryDir>

#include <functional>
#include <QtTest/QtTest>

#include <fstream>

using namespace clipdesk;
namespace fs = std::filesystem;

namespace {

// A JobControl that hands progress to `fn` (which returns false to cancel) and records failures.
class ListenerFn {
public:
    explicit ListenerFn(std::function<bool(const JobProgress&)> fn)
        : fn_(std::move(fn)),
          control([this](const JobProgress& p) {
              if (!fn_(p)) control.cancel();
          },
          [this](const std::string& path, const std::string& reason) { failures.push_back({path, reason}); }) {}
    std::vector<PathProblem> failures;

private:
    std::function<bool(const JobProgress&)> fn_;

public:
    JobControl control;
};

IndexOptions smallBatches() {
    IndexOptions o;
    o.batchSize = 3;
    o.workers = 2;  // results arrive out of order: rows must still meet their photos
    return o;
}

std::string reasonFor(const IndexSummary& s, const fs::path& path) {
    for (const auto& f : s.failures)
        if (f.path == path.string()) return f.reason;
    return "(not failed)";
}

float dot(const std::vector<float>& a, const std::vector<float>& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += double{a[i]} * b[i];
    return static_cast<float>(s);
}

std::vector<float> normalised(std::vector<double> v) {
    double n = 0;
    for (double x : v) n += x * x;
    std::vector<float> out;
    for (double x : v) out.push_back(static_cast<float>(x / std::sqrt(n)));
    return out;
}

std::vector<float> rowOf(const torch::Tensor& t, long row) {
    const auto r = t[row].contiguous();
    return {r.data_ptr<float>(), r.data_ptr<float>() + r.numel()};
}

std::int64_t encodedAt(const fs::path& lib, const fs::path& photo) {
    LibraryDatabase db(libraryFiles(lib).database, false);
    auto s = db.connection().prepare(
        "SELECT e.encoded_at FROM embeddings e JOIN photos p ON p.id = e.photo_id WHERE p.path = ?");
    s.bind(1, photo.string());
    return s.step() ? s.int64(0) : -1;
}

}  // namespace

class TestLibraryIndexing : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path modelA_;
    fs::path modelB_;
    std::unique_ptr<ClipEmbedder> embedder_;

    fs::path path(const std::string& name) const { return fs::path(tmp_.path().toStdString()) / name; }

    IndexSummary index(const fs::path& lib, const std::vector<fs::path>& folders, const IndexOptions& options = smallBatches(),
                       ListenerFn* listener = nullptr) {
        auto library = PhotoLibrary::open(lib, LibraryAccess::Create);
        PhotoIndexer indexer(*library, *embedder_, modelA_.string());
        std::vector<std::string> given;
        for (const auto& f : folders) given.push_back(f.string());
        const JobControl quiet;
        return indexer.run(given, options, listener ? listener->control : quiet);
    }

    // Opening finds nothing to repair, and the index holds exactly the indexed photos.
    void verifyConsistent(const fs::path& lib) {
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        QCOMPARE(QString::fromStdString(library->repairNotice()), QString());
        QCOMPARE(library->index()->ids(), library->database().indexedPhotoIds());
    }

    std::vector<float> embeddingOfFile(const fs::path& photo) {
        struct stat st {};
        ::stat(photo.c_str(), &st);
        const ScannedFile file{photo.string(), st.st_size,
                               std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec};
        const auto prepared = preparePhoto(file, *embedder_);
        return rowOf(embedder_->embedPixels(prepared.pixels.unsqueeze(0)), 0);
    }

private Q_SLOTS:
    void initTestCase() {
        modelA_ = path("model-a");
        modelB_ = path("model-b");
        test::writeTinyModel(modelA_, 1);
        test::writeTinyModel(modelB_, 2);
        test::useSharedBpeVocabulary();
        EmbedderOptions options;
        options.threads = 2;
        embedder_ = ClipEmbedder::open(modelA_.string(), options);
    }

    void indexesPhotosWithTheirMetadata() {
        const auto photos = path("meta/photos");
        const auto lib = path("meta/library");
        test::writePhoto(photos / "a.jpg", 1, 640, 480);
        test::writePhoto(photos / "B.PNG", 2, 40, 90);
        test::writePhoto(photos / "sub/c.webp", 3);
        test::writePhoto(photos / "sub/d.bmp", 4);
        test::writePhoto(photos / "sub/e.tiff", 5);
        test::writePhoto(photos / ".hidden/f.jpg", 6);
        test::writeFile((photos / "dated.jpg").string(), test::jpegWithExifDate("2018:03:04 05:06:07", false));
        std::ofstream(photos / "notes.txt") << "not a photo";

        const auto s = index(lib, {photos});
        QCOMPARE(s.added, std::int64_t{6});
        QCOMPARE(s.failed, std::int64_t{0});
        QCOMPARE(s.unchanged, std::int64_t{0});
        QCOMPARE(s.indexDescription, std::string("flat"));
        QVERIFY(s.imagesPerSecond > 0);

        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        auto& db = library->database();
        QCOMPARE(db.indexedPhotoIds().size(), std::size_t(6));
        QVERIFY(!db.photoByPath((photos / ".hidden/f.jpg").string()));
        LibraryDatabase raw(libraryFiles(lib).database, false);
        auto row = raw.connection().prepare("SELECT width, height, taken_at, fingerprint FROM photos WHERE path = ?");
        row.bind(1, (photos / "a.jpg").string());
        QVERIFY(row.step());
        QCOMPARE(row.int64(0), std::int64_t{640});  // full size, though decoded at 1/8
        QCOMPARE(row.int64(1), std::int64_t{480});
        QVERIFY(row.isNull(2));
        QVERIFY(!row.isNull(3));
        row.reset();
        row.bind(1, (photos / "dated.jpg").string());
        QVERIFY(row.step());
        QCOMPARE(row.text(2), std::string("2018-03-04 05:06:07"));

        for (const char* name : {"a.jpg", "B.PNG", "sub/c.webp", "sub/e.tiff"}) {
            const auto stored = db.embedding(db.photoByPath((photos / name).string())->id);
            const auto expected = embeddingOfFile(photos / name);
            QCOMPARE(stored.size(), std::size_t(32));
            float worst = 0;
            for (std::size_t i = 0; i < stored.size(); ++i) worst = std::max(worst, std::abs(stored[i] - expected[i]));
            QVERIFY2(worst < 1e-5f, name);
        }
        QCOMPARE(db.currentModel()->modelPath, normalisedPath(modelA_));
        verifyConsistent(lib);
    }

    void unchangedPhotosCostOnlyAStat() {
        const auto photos = path("again/photos");
        const auto lib = path("again/library");
        for (int i = 0; i < 5; ++i) test::writePhoto(photos / ("p" + std::to_string(i) + ".jpg"), 10 + i);
        QCOMPARE(index(lib, {photos}).added, std::int64_t{5});
        std::int64_t before = 0;
        {
            auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
            before = encodedAt(lib, photos / "p3.jpg");
        }
        const auto s = index(lib, {});  // no folders: the library's own
        QCOMPARE(s.unchanged, std::int64_t{5});
        QCOMPARE(s.added + s.updated + s.moved + s.removed + s.failed, std::int64_t{0});
        QCOMPARE(s.imagesPerSecond, 0.0);
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        QCOMPARE(encodedAt(lib, photos / "p3.jpg"), before);
    }

    void changedMovedDeletedAndNewPhotosAreDetected() {
        const auto photos = path("changes/photos");
        const auto lib = path("changes/library");
        for (int i = 0; i < 6; ++i) test::writePhoto(photos / ("p" + std::to_string(i) + ".png"), 20 + i);
        index(lib, {photos});
        std::int64_t movedId = 0;
        std::int64_t movedEncodedAt = 0;
        {
            auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
            movedId = library->database().photoByPath((photos / "p1.png").string())->id;
            movedEncodedAt = encodedAt(lib, photos / "p1.png");
        }
        test::writePhoto(photos / "p0.png", 99, 80, 60);                  // edited
        fs::create_directories(photos / "renamed");
        fs::rename(photos / "p1.png", photos / "renamed/p1 moved.png");  // moved
        fs::remove(photos / "p2.png");                                   // deleted
        test::writePhoto(photos / "p6.png", 26);                         // new

        const auto s = index(lib, {photos});
        QCOMPARE(s.updated, std::int64_t{1});
        QCOMPARE(s.moved, std::int64_t{1});
        QCOMPARE(s.removed, std::int64_t{1});
        QCOMPARE(s.added, std::int64_t{1});
        QCOMPARE(s.unchanged, std::int64_t{3});
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        auto& db = library->database();
        const auto moved = db.photoByPath((photos / "renamed/p1 moved.png").string());
        QVERIFY(moved);
        QCOMPARE(moved->id, movedId);
        QCOMPARE(encodedAt(lib, photos / "renamed/p1 moved.png"), movedEncodedAt);  // not encoded again
        QVERIFY(!db.photoByPath((photos / "p2.png").string()));
        const auto edited = db.embedding(db.photoByPath((photos / "p0.png").string())->id);
        const auto expected = embeddingOfFile(photos / "p0.png");
        QVERIFY(std::abs(dot(edited, expected) - 1.0f) < 1e-5f);
        verifyConsistent(lib);
    }

    void badFilesAreRecordedAndTheRunGoesOn() {
        const auto photos = path("bad/photos");
        const auto lib = path("bad/library");
        test::writePhoto(photos / "good.jpg", 30);
        const auto good = test::readFile((photos / "good.jpg").string());
        test::writeFile((photos / "truncated.jpg").string(), test::Bytes(good.begin(), good.begin() + good.size() / 2));
        test::writeFile((photos / "empty.jpg").string(), {});
        test::writeFile((photos / "text.jpg").string(), test::Bytes{'h', 'e', 'l', 'l', 'o', '\n'});
        test::writeFile((photos / "huge.png").string(), test::pngHeaderOnly(30000, 30000));
        test::writeFile((photos / "cmyk.jpg").string(), test::cmykJpeg16());
        cv::Mat deep(40, 50, CV_16UC3);
        cv::randu(deep, 0, 65535);
        cv::imwrite((photos / "sixteen-bit.png").string(), deep);
        cv::Mat grey(40, 50, CV_8UC1);
        cv::randu(grey, 0, 255);
        cv::imwrite((photos / "grey.jpg").string(), grey);
        cv::Mat alpha(40, 50, CV_8UC4, cv::Scalar(10, 200, 30, 0));
        cv::imwrite((photos / "alpha.png").string(), alpha);
        test::writePhoto(photos / "with spaces and ünïcödé ☀.jpg", 31);
        test::writePhoto(photos / "line\nbreak.png", 32);
        const bool root = ::geteuid() == 0;
        if (!root) {
            test::writePhoto(photos / "locked.jpg", 33);
            fs::permissions(photos / "locked.jpg", fs::perms::none);
        }

        const auto s = index(lib, {photos});
        std::string failures;
        for (const auto& f : s.failures) failures += f.path + ": " + f.reason + "\n";
        QVERIFY2(s.added == 7 && s.failed == (root ? 4 : 5), failures.c_str());
        QVERIFY2(reasonFor(s, photos / "truncated.jpg").find("truncated JPEG") != std::string::npos,
                 reasonFor(s, photos / "truncated.jpg").c_str());
        QCOMPARE(reasonFor(s, photos / "empty.jpg"), std::string("empty file (0 bytes)"));
        QCOMPARE(reasonFor(s, photos / "text.jpg"), std::string("not an image, or an unsupported format"));
        QVERIFY2(reasonFor(s, photos / "huge.png").find("image too large (30000x30000") != std::string::npos,
                 reasonFor(s, photos / "huge.png").c_str());
        if (!root)
            QVERIFY2(reasonFor(s, photos / "locked.jpg").find("Permission denied") != std::string::npos,
                     reasonFor(s, photos / "locked.jpg").c_str());
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        auto& db = library->database();
        const auto failed = db.failedPhotos(100);
        QCOMPARE(static_cast<std::int64_t>(failed.size()), s.failed);
        for (const auto& f : failed) QCOMPARE(f.reason, reasonFor(s, f.path));
        for (const char* valid : {"cmyk.jpg", "sixteen-bit.png", "grey.jpg", "alpha.png", "line\nbreak.png"})
            QCOMPARE(db.photoByPath((photos / valid).string())->state, PhotoState::Indexed);
        verifyConsistent(lib);
        if (!root) fs::permissions(photos / "locked.jpg", fs::perms::owner_all);
    }

    void folderDeletedMidScanIsReportedAndItsPhotosRemoved() {
        const auto photos = path("midscan/photos");
        const auto lib = path("midscan/library");
        test::writePhoto(photos / "a/1.jpg", 40);
        test::writePhoto(photos / "b/2.jpg", 41);
        test::writePhoto(photos / "b/3.jpg", 42);
        QCOMPARE(index(lib, {photos}).added, std::int64_t{3});
        ListenerFn deleteB([&](const JobProgress& p) {
            if (p.stage == JobStage::Scanning && p.item == (photos / "a").string())
                fs::remove_all(photos / "b");
            return true;
        });
        const auto s = index(lib, {photos}, smallBatches(), &deleteB);
        QCOMPARE(s.failed, std::int64_t{1});
        QCOMPARE(reasonFor(s, photos / "b"), std::string("folder disappeared during the scan"));
        QCOMPARE(deleteB.failures.size(), std::size_t(1));
        QCOMPARE(s.removed, std::int64_t{2});
        QCOMPARE(s.unchanged, std::int64_t{1});
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        QCOMPARE(library->database().scanProblems().size(), std::size_t(1));
        verifyConsistent(lib);
    }

    void fileChangingWhileBeingReadIsRetriedNextRun() {
        const auto photos = path("changing/photos");
        const auto lib = path("changing/library");
        test::writePhoto(photos / "steady.jpg", 50);
        test::writePhoto(photos / "changing.jpg", 51);
        ListenerFn appendOnce([&](const JobProgress& p) {
            // Scanned (size recorded), decoders not started yet: the read sees another size.
            if (p.stage == JobStage::Encoding && p.done == 0) test::appendBytes(photos / "changing.jpg", "more");
            return true;
        });
        const auto s = index(lib, {photos}, smallBatches(), &appendOnce);
        QCOMPARE(s.added, std::int64_t{1});
        QCOMPARE(s.failed, std::int64_t{1});
        QVERIFY2(reasonFor(s, photos / "changing.jpg").find("changed") != std::string::npos,
                 reasonFor(s, photos / "changing.jpg").c_str());
        const auto again = index(lib, {photos});
        QCOMPARE(again.updated, std::int64_t{1});
        QCOMPARE(again.failed, std::int64_t{0});
        verifyConsistent(lib);
    }

    void cancellingKeepsFinishedBatches() {
        const auto photos = path("cancel/photos");
        const auto lib = path("cancel/library");
        for (int i = 0; i < 12; ++i) test::writePhoto(photos / ("p" + std::to_string(i) + ".jpg"), 60 + i);
        std::vector<JobProgress> seen;
        ListenerFn stopAfterTwoBatches([&](const JobProgress& p) {
            seen.push_back(p);
            return !(p.stage == JobStage::Encoding && p.done >= 6);
        });
        IndexOptions options = smallBatches();
        const auto s = index(lib, {photos}, options, &stopAfterTwoBatches);
        QVERIFY(s.cancelled);
        QCOMPARE(s.added, std::int64_t{6});
        QCOMPARE(seen.back().stage, JobStage::Finishing);
        seen.pop_back();
        const auto& last = seen.back();
        QCOMPARE(last.stage, JobStage::Encoding);
        QCOMPARE(last.total, std::int64_t{12});
        QCOMPARE(last.done, std::int64_t{6});
        QVERIFY(!last.item.empty());
        QVERIFY(last.perSecond > 0);
        QVERIFY(last.etaSeconds >= 0);
        verifyConsistent(lib);
        const auto resumed = index(lib, {photos});
        QCOMPARE(resumed.unchanged, std::int64_t{6});
        QCOMPARE(resumed.added, std::int64_t{6});
        verifyConsistent(lib);
    }

    void changingTheModelReencodesEverything() {
        const auto photos = path("model/photos");
        const auto lib = path("model/library");
        for (int i = 0; i < 4; ++i) test::writePhoto(photos / ("p" + std::to_string(i) + ".jpg"), 70 + i);
        index(lib, {photos});
        auto other = ClipEmbedder::open(modelB_.string());
        {
            auto library = PhotoLibrary::open(lib, LibraryAccess::Create);
            PhotoIndexer indexer(*library, *other, modelB_.string());
            const auto s = indexer.run({}, smallBatches(), JobControl());
            QCOMPARE(s.updated, std::int64_t{4});
            QCOMPARE(s.unchanged, std::int64_t{0});
        }
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        QCOMPARE(library->database().currentModel()->modelPath, normalisedPath(modelB_));
        const auto id = library->database().photoByPath((photos / "p2.jpg").string())->id;
        const auto stored = library->database().embedding(id);
        struct stat st {};
        ::stat((photos / "p2.jpg").c_str(), &st);
        const auto prepared = preparePhoto({(photos / "p2.jpg").string(), st.st_size,
                                            std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec},
                                           *other);
        QVERIFY(std::abs(dot(stored, rowOf(other->embedPixels(prepared.pixels.unsqueeze(0)), 0)) - 1.0f) < 1e-5f);
        verifyConsistent(lib);
    }

    // A photo replaced by a FIFO between the scan and the read: refused at once (the old reader
    // opened it blocking and waited forever for a writer, holding the library's lock).
    void photoReplacedByAFifoIsRefusedWithoutWaiting() {
        const auto photo = path("fifo/p.jpg");
        test::writePhoto(photo, 90);
        struct stat st {};
        ::stat(photo.c_str(), &st);
        fs::remove(photo);
        QVERIFY(::mkfifo(photo.c_str(), 0600) == 0);
        try {
            preparePhoto({photo.string(), st.st_size, std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec},
                         *embedder_);
            QFAIL("a FIFO was read as a photo");
        } catch (const PhotoReadError& e) {
            QCOMPARE(std::string(e.what()), std::string("not a regular file (a FIFO)"));
        }
    }

    void nonFiniteEmbeddingsAreRejected() {
        const auto photos = path("nan/photos");
        const auto lib = path("nan/library");
        for (int i = 0; i < 3; ++i) test::writePhoto(photos / ("p" + std::to_string(i) + ".jpg"), 75 + i);
        test::writeTinyModel(path("nan/model"), 5, /*broken=*/true);
        auto broken = ClipEmbedder::open(path("nan/model").string());
        auto library = PhotoLibrary::open(lib, LibraryAccess::Create);
        PhotoIndexer indexer(*library, *broken, path("nan/model").string());
        const auto s = indexer.run({photos.string()}, smallBatches(), JobControl());
        QCOMPARE(s.added, std::int64_t{0});
        QCOMPARE(s.failed, std::int64_t{3});
        QCOMPARE(s.failures[0].reason, std::string("the model produced a non-finite embedding for this photo"));
        QCOMPARE(library->index()->size(), std::int64_t{0});
        QCOMPARE(library->database().failedPhotos(10).size(), std::size_t(3));
        // A query through such a model names the model's fault, not "the concepts cancel out".
        PhotoSearch search(*library, broken.get());
        const std::string weights = (path("nan/model") / "model.safetensors").string();
        const auto failure = [](const std::function<void()>& run) -> std::string {
            try {
                run();
            } catch (const std::runtime_error& e) {
                return e.what();
            }
            return "(no error)";
        };
        QCOMPARE(failure([&] { search.searchText("a red car", {}); }),
                 weights + ": the model produced no usable embedding for the text \"a red car\" (NaN, infinite or "
                           "all-zero values): its weights are damaged or out of range");
        const std::string query = (photos / "p0.jpg").string();
        QCOMPARE(failure([&] { search.searchImage(query, {}); }),
                 query + ": the model produced no usable embedding for this image (NaN, infinite or all-zero values): "
                         "its weights are damaged or out of range");
    }

    void missingFolderKeepsItsPhotos() {
        const auto photos = path("usb/photos");
        const auto lib = path("usb/library");
        test::writePhoto(photos / "a.jpg", 80);
        index(lib, {photos});
        fs::rename(photos, path("usb/unplugged"));
        const auto s = index(lib, {});
        QCOMPARE(s.removed, std::int64_t{0});
        QCOMPARE(s.unchanged, std::int64_t{1});
        QCOMPARE(reasonFor(s, photos), std::string("folder not found"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, index(lib, {path("usb/nowhere")}));
    }

    void damagedOrLaggingIndexIsRepairedFromTheDatabase() {
        const auto photos = path("repair/photos");
        const auto lib = path("repair/library");
        for (int i = 0; i < 5; ++i) test::writePhoto(photos / ("p" + std::to_string(i) + ".jpg"), 90 + i);
        index(lib, {photos});
        const auto file = libraryFiles(lib).vectorIndex;
        auto bytes = test::readFile(file.string());

        auto damaged = bytes;
        damaged[damaged.size() / 2] ^= 0x10;
        test::writeFile(file.string(), damaged);
        {
            auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
            QVERIFY2(library->repairNotice().find("checksum mismatch") != std::string::npos, library->repairNotice().c_str());
            QVERIFY(library->repairNotice().find("rebuilt from 5 stored embeddings") != std::string::npos);
            QCOMPARE(library->index()->ids(), library->database().indexedPhotoIds());
        }
        verifyConsistent(lib);  // the repaired index was saved

        fs::remove(file);
        QVERIFY(PhotoLibrary::open(lib, LibraryAccess::Read)->repairNotice().find("missing") != std::string::npos);
        verifyConsistent(lib);

        // As if killed between committing a batch and saving the index.
        {
            auto index = VectorIndex::load(file);
            index.remove({index.ids().front()});
            index.save(file, *index.loadedStamp());
        }
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        QVERIFY2(library->repairNotice().find("1 photos missing") != std::string::npos, library->repairNotice().c_str());
        QCOMPARE(library->index()->size(), std::int64_t{5});
    }

    void damagedDatabaseIsReportedWithItsPath() {
        const auto photos = path("baddb/photos");
        const auto lib = path("baddb/library");
        test::writePhoto(photos / "a.jpg", 100);
        index(lib, {photos});
        const auto db = libraryFiles(lib).database;
        std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
        f.write("this is no longer SQLite", 24);
        f.close();
        fs::remove(db.string() + "-wal");
        fs::remove(db.string() + "-shm");
        try {
            PhotoLibrary::open(lib, LibraryAccess::Read);
            QFAIL("a damaged database was opened");
        } catch (const SqliteError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("library.sqlite") != std::string::npos && what.find("damaged") != std::string::npos, e.what());
        }
    }

    void searchFindsAnIndexedPhotoFromItself() {
        const auto photos = path("search/photos");
        const auto lib = path("search/library");
        for (int i = 0; i < 8; ++i) test::writePhoto(photos / (i < 4 ? "cats/" : "dogs/") / ("p" + std::to_string(i) + ".jpg"), 110 + i);
        index(lib, {photos});
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        PhotoSearch search(*library, embedder_.get());
        const auto hits = search.searchImage((photos / "dogs/p5.jpg").string(), {3, std::nullopt, {}});
        QCOMPARE(hits.size(), std::size_t(3));
        QCOMPARE(hits[0].path, (photos / "dogs/p5.jpg").string());
        QVERIFY(std::abs(hits[0].score - 1.0f) < 1e-5f);
        QVERIFY(hits[1].score <= hits[0].score && hits[2].score <= hits[1].score);

        // A copy outside the library is encoded from the file, and finds the original.
        fs::create_directories(path("search/outside"));
        fs::copy_file(photos / "cats/p2.jpg", path("search/outside/copy.jpg"));
        const auto fromCopy = search.searchImage(path("search/outside/copy.jpg").string(), {1, std::nullopt, {}});
        QCOMPARE(fromCopy[0].path, (photos / "cats/p2.jpg").string());
        QVERIFY(std::abs(fromCopy[0].score - 1.0f) < 1e-4f);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, search.searchImage(path("search/absent.jpg").string(), {}));
    }

    void textSearchScoresAreExactCosines() {
        CLIPDESK_REQUIRE_SHARED(test::bpeVocabPath());
        const auto photos = path("search/photos");
        auto library = PhotoLibrary::open(path("search/library"), LibraryAccess::Read);
        auto& db = library->database();
        PhotoSearch search(*library, embedder_.get());

        const auto texts = embedder_->embedTexts({"beach", "people", "a cat on a sofa"});
        const auto beach = rowOf(texts, 0);
        const auto people = rowOf(texts, 1);
        auto expectScores = [&](const std::vector<SearchHit>& hits, const std::vector<float>& query) {
            for (const auto& h : hits) QVERIFY(std::abs(h.score - dot(query, db.embedding(h.photoId))) < 1e-5f);
        };

        const auto top = search.searchText("a cat on a sofa", {5, std::nullopt, {}});
        QCOMPARE(top.size(), std::size_t(5));
        for (std::size_t i = 1; i < top.size(); ++i) QVERIFY(top[i].score <= top[i - 1].score);
        expectScores(top, rowOf(texts, 2));
        // The best photo by exact search over every stored embedding.
        float best = -2;
        db.forEachEmbedding([&](std::int64_t, const float* v) {
            best = std::max(best, dot(rowOf(texts, 2), std::vector<float>(v, v + 32)));
        });
        QVERIFY(std::abs(top[0].score - best) < 1e-6f);

        // beach -people = normalise(beach - 0.5 people): its similarity to "people" drops.
        std::vector<double> sum(32);
        for (int i = 0; i < 32; ++i) sum[i] = beach[i] - kDefaultNegativeWeight * people[i];
        const auto negated = normalised(sum);
        QVERIFY(dot(negated, people) < dot(beach, people));
        expectScores(search.searchText("beach -people", {8, std::nullopt, {}}), negated);

        // Weights and an image concept: normalise(2 beach + image).
        const auto image = db.embedding(db.photoByPath((photos / "cats/p1.jpg").string())->id);
        for (int i = 0; i < 32; ++i) sum[i] = 2 * beach[i] + image[i];
        const auto combined =
            search.searchText("beach^2 +image:\"" + (photos / "cats/p1.jpg").string() + "\"", {8, std::nullopt, {}});
        QCOMPARE(combined.size(), std::size_t(8));
        expectScores(combined, normalised(sum));
        QVERIFY_THROWS_EXCEPTION(QuerySyntaxError, search.searchText("beach \"open", {}));
    }

    void minimumScoreAndFolderFiltersApply() {
        const auto photos = path("search/photos");
        auto library = PhotoLibrary::open(path("search/library"), LibraryAccess::Read);
        PhotoSearch search(*library, embedder_.get());
        const auto query = library->database().embedding(library->database().photoByPath((photos / "cats/p0.jpg").string())->id);
        const auto all = search.searchEmbedding(query, {8, std::nullopt, {}});
        QCOMPARE(all.size(), std::size_t(8));

        const auto cut = search.searchEmbedding(query, {8, all[2].score, {}});
        QCOMPARE(cut.size(), std::size_t(3));
        for (const auto& h : cut) QVERIFY(h.score >= all[2].score);

        const auto dogs = search.searchEmbedding(query, {3, std::nullopt, (photos / "dogs").string()});
        QCOMPARE(dogs.size(), std::size_t(3));
        std::vector<SearchHit> expected;
        for (const auto& h : all)
            if (isPathUnder(h.path, (photos / "dogs").string())) expected.push_back(h);
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(dogs[i].path, expected[i].path);
            QVERIFY(std::abs(dogs[i].score - expected[i].score) < 1e-5f);
        }
        QVERIFY(search.searchEmbedding(query, {5, std::nullopt, (photos / "do").string()}).empty());  // not a prefix of dogs/
    }

    void datesTakenFilterSortAndBrowse() {
        const auto photos = path("dates/photos");
        const auto lib = path("dates/library");
        const auto dated = [&](const char* name, const char* exifDate) {
            fs::create_directories((photos / name).parent_path());
            test::writeFile((photos / name).string(), test::jpegWithExifDate(exifDate, false));
        };
        dated("d1.jpg", "2018:03:04 05:06:07");
        dated("d2.jpg", "2020:07:01 10:00:00");
        dated("d3.jpg", "2019:12:31 23:59:59");
        dated("sub/d4.jpg", "2020:01:01 00:00:00");
        test::writePhoto(photos / "nodate.jpg", 7);
        std::tm noon{};  // the file's time: 2017-06-01 12:00 local
        noon.tm_year = 117, noon.tm_mon = 5, noon.tm_mday = 1, noon.tm_hour = 12, noon.tm_isdst = -1;
        const timeval times[2] = {{std::mktime(&noon), 0}, {std::mktime(&noon), 0}};
        QCOMPARE(::utimes((photos / "nodate.jpg").c_str(), times), 0);
        QCOMPARE(index(lib, {photos}).added, std::int64_t{5});

        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        PhotoSearch search(*library, nullptr);
        const auto names = [&](const std::vector<SearchHit>& hits) {
            QStringList out;
            for (const auto& h : hits) out << QString::fromStdString(fs::relative(h.path, photos).string());
            return out.join(' ');
        };
        SearchOptions options;
        options.k = 10;
        const auto newest = search.browse(options);  // Score: newest first
        QCOMPARE(names(newest), QString("d2.jpg sub/d4.jpg d3.jpg d1.jpg nodate.jpg"));
        QCOMPARE(newest[0].date.local, std::string("2020-07-01 10:00:00"));
        QVERIFY(newest[0].date.source == DateSource::Taken);
        QCOMPARE(newest[4].date.local, std::string("2017-06-01 12:00:00"));
        QVERIFY(newest[4].date.source == DateSource::FileTime);
        options.order = ResultOrder::OldestFirst;
        QCOMPARE(names(search.browse(options)), QString("nodate.jpg d1.jpg d3.jpg sub/d4.jpg d2.jpg"));
        options.order = ResultOrder::Folder;
        QCOMPARE(names(search.browse(options)), QString("d1.jpg d2.jpg d3.jpg nodate.jpg sub/d4.jpg"));
        options.k = 2;
        options.order = ResultOrder::NewestFirst;
        QCOMPARE(names(search.browse(options)), QString("d2.jpg sub/d4.jpg"));

        // [from, before): the last second of 2019 and the first of 2020 are both in.
        options.k = 10;
        options.taken = {parseDateBound("2019-12"), parseDateBound("2020-02")};
        QCOMPARE(names(search.browse(options)), QString("sub/d4.jpg d3.jpg"));
        options.taken = {{}, parseDateBound("2018")};
        QCOMPARE(names(search.browse(options)), QString("nodate.jpg"));  // the file time counts when nothing else does
        options.taken = {parseDateBound("2020-01-01 00:00:01"), {}};
        QCOMPARE(names(search.browse(options)), QString("d2.jpg"));

        // A query ranks, the filters narrow, the order reorders the k best.
        const auto& db = library->database();
        const auto query = db.embedding(db.photoByPath((photos / "nodate.jpg").string())->id);
        SearchOptions ranked;
        ranked.k = 10;
        ranked.taken = {parseDateBound("2019"), {}};
        const auto byScore = search.searchEmbedding(query, ranked);
        QCOMPARE(byScore.size(), std::size_t(3));
        for (std::size_t i = 1; i < byScore.size(); ++i) QVERIFY(byScore[i - 1].score >= byScore[i].score);
        ranked.order = ResultOrder::OldestFirst;
        QCOMPARE(names(search.searchEmbedding(query, ranked)), QString("d3.jpg sub/d4.jpg d2.jpg"));
        ranked.folder = (photos / "sub").string();
        QCOMPARE(names(search.searchEmbedding(query, ranked)), QString("sub/d4.jpg"));
    }

    void dateBoundsAndOrdersAreParsedStrictly() {
        QCOMPARE(parseDateBound("2024"), std::string("2024-01-01 00:00:00"));
        QCOMPARE(parseDateBound("2024-05"), std::string("2024-05-01 00:00:00"));
        QCOMPARE(parseDateBound("2024-05-17"), std::string("2024-05-17 00:00:00"));
        QCOMPARE(parseDateBound("2024-05-17 14:30"), std::string("2024-05-17 14:30:00"));
        QCOMPARE(parseDateBound("2024-05-17T14:30:05"), std::string("2024-05-17 14:30:05"));
        for (const char* bad : {"", "24", "2024-5", "2024-13", "2024-05-32", "2024-05-17 25:00", "yesterday", "2024/05/17"})
            QVERIFY2([&] {
                try {
                    parseDateBound(bad);
                    return false;
                } catch (const std::invalid_argument& e) {
                    return std::string(e.what()).find("expected YYYY") != std::string::npos;
                }
            }(), bad);
        QVERIFY(parseResultOrder("newest") == ResultOrder::NewestFirst);
        QCOMPARE(std::string(resultOrderName(parseResultOrder("folder"))), std::string("folder"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseResultOrder("date"));
    }

    void largeLibrarySwitchesToIvfAndStillSearches() {
        const auto photos = path("ivf/photos");
        const auto lib = path("ivf/library");
        for (int i = 0; i < 40; ++i) test::writePhoto(photos / ("p" + std::to_string(i) + ".png"), 200 + i, 32, 32);
        VectorIndexParams params;
        params.flatMaxVectors = 20;
        {
            auto library = PhotoLibrary::open(lib, LibraryAccess::Create, params);
            PhotoIndexer indexer(*library, *embedder_, modelA_.string());
            IndexOptions options = smallBatches();
            options.batchSize = 16;
            QCOMPARE(indexer.run({photos.string()}, options, JobControl()).indexDescription.rfind("ivf-flat", 0), std::size_t(0));
        }
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read, params);
        QCOMPARE(library->repairNotice(), std::string());
        QCOMPARE(library->index()->kind(), VectorIndexKind::Ivf);
        QCOMPARE(library->index()->ids(), library->database().indexedPhotoIds());
        PhotoSearch search(*library, embedder_.get());
        const auto hits = search.searchImage((photos / "p17.png").string(), {5, std::nullopt, {}});
        QCOMPARE(hits[0].path, (photos / "p17.png").string());
        QVERIFY(std::abs(hits[0].score - 1.0f) < 1e-5f);
    }
};

QTEST_GUILESS_MAIN(TestLibraryIndexing)
#include "test_library_indexing.moc"
