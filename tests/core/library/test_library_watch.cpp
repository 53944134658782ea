// The watched-folders use case (application/library_watch.h) on a real library with a tiny
// random model: a new photo becomes searchable once settled, a photo still being written is
// left alone until it is complete, a rename is a move (no re-encode), a deletion removes, a
// folder deleted under the watcher, a download renamed into place, the library folder itself gone (a removed drive) and
// back, a watch cap too low for the tree (rescans instead), and no CPU while idle.

#include "library_test_support.h"

#include "application/index_run.h"
#include "application/library_watch.h"
#include "library/photo_library.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <time.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

using namespace clipdesk;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// watchLibrary on its own thread, with what it reported.
class RunningWatch {
public:
    explicit RunningWatch(LibraryWatchRequest request)
        : request_(std::move(request)),
          control_([this](const JobProgress& p) {
              if (p.stage != JobStage::Watching) return;
              timespec ts{};
              clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
              threadCpuNs_ = std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
          }) {
        listener_.coverage = [this](const WatchCoverage& c) { add([&] { coverages_.push_back(c); }); };
        listener_.reindexed = [this](const WatchReindex& r) { add([&] { runs_.push_back(r); }); };
        listener_.notice = [this](const WatchNotice& n) { add([&] { notices_.push_back(n); }); };
        thread_ = std::thread([this] {
            try {
                watchLibrary(request_, listener_, control_);
            } catch (const std::exception& e) {
                add([&] { error_ = e.what(); });
            }
        });
    }
    ~RunningWatch() { stop(); }

    void stop() {
        control_.cancel();
        if (thread_.joinable()) thread_.join();
    }

    // Waits until `ready()` (under the lock) or the timeout; returns whether it held.
    bool waitFor(const std::function<bool()>& ready, std::chrono::milliseconds timeout = 20s) {
        std::unique_lock<std::mutex> lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return ready() || !error_.empty(); }) && error_.empty();
    }
    std::size_t runCount() {
        std::lock_guard<std::mutex> lock(mutex_);
        return runs_.size();
    }
    std::vector<WatchReindex> runs;  // copies taken by snapshot()
    void snapshot() {
        std::lock_guard<std::mutex> lock(mutex_);
        runs = runs_;
    }
    std::vector<WatchReindex> runs_;
    std::vector<WatchCoverage> coverages_;
    std::vector<WatchNotice> notices_;
    std::string error_;
    std::atomic<std::int64_t> threadCpuNs_{0};

private:
    template <typename F>
    void add(F f) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            f();
        }
        changed_.notify_all();
    }

    LibraryWatchRequest request_;
    LibraryWatchListener listener_;
    JobControl control_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::thread thread_;
};

std::int64_t sum(const std::vector<WatchReindex>& runs, std::int64_t IndexSummary::*field, std::size_t from = 0) {
    std::int64_t total = 0;
    for (std::size_t i = from; i < runs.size(); ++i) total += runs[i].result.summary.*field;
    return total;
}

std::optional<PhotoRecord> photoAt(const fs::path& library, const fs::path& photo) {
    return PhotoLibrary::open(library, LibraryAccess::Read)->database().photoByPath(photo.string());
}

bool searchable(const fs::path& library, const fs::path& photo) {
    const auto lib = PhotoLibrary::open(library, LibraryAccess::Read);
    const auto record = lib->database().photoByPath(photo.string());
    if (!record || record->state != PhotoState::Indexed || !lib->index()) return false;
    const auto ids = lib->index()->ids();
    return std::find(ids.begin(), ids.end(), record->id) != ids.end();
}

std::string fileBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

class TestLibraryWatch : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path model_;

    fs::path path(const std::string& name) const { return fs::path(tmp_.path().toStdString()) / name; }

    IndexRunRequest indexRequest(const fs::path& library) const {
        IndexRunRequest r;
        r.libraryDir = library;
        r.model.path = model_.string();
        r.model.threads = 1;
        r.model.batchSize = 4;
        r.options.workers = 1;
        return r;
    }

    // A library of `photos` with two photos, indexed.
    void makeLibrary(const fs::path& library, const fs::path& photos) {
        test::writePhoto(photos / "one.jpg", 1);
        test::writePhoto(photos / "sub" / "two.png", 2);
        IndexRunRequest first = indexRequest(library);
        first.folders = {photos.string()};
        const JobControl quiet;
        QCOMPARE(runIndex(first, quiet).summary.added, std::int64_t(2));
    }

    LibraryWatchRequest watchRequest(const fs::path& library) const {
        LibraryWatchRequest w;
        w.index = indexRequest(library);
        w.settle = 500ms;
        return w;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        model_ = path("model");
        test::writeTinyModel(model_, 1);
    }

    void indexesSettledChanges() {
        const fs::path library = path("lib1"), photos = path("photos1");
        makeLibrary(library, photos);
        RunningWatch watch(watchRequest(library));
        QVERIFY(watch.waitFor([&] { return !watch.coverages_.empty(); }));
        QCOMPARE(watch.coverages_.front().watchedFolders, std::int64_t(2));
        QCOMPARE(watch.coverages_.front().unwatchedFolders, std::int64_t(0));

        // A new photo: searchable after settling.
        test::writePhoto(photos / "new.jpg", 3);
        QVERIFY(watch.waitFor([&] { return watch.runs_.size() == 1; }));
        watch.snapshot();
        QCOMPARE(watch.runs[0].result.summary.added, std::int64_t(1));
        QCOMPARE(watch.runs[0].result.summary.unchanged, std::int64_t(2));  // the changed folder, recursively
        QCOMPARE(watch.runs[0].folders, std::vector<std::string>{photos.string()});
        QVERIFY(searchable(library, photos / "new.jpg"));

        // A photo written slowly, open all the while: nothing runs until it is complete.
        const std::string bytes = fileBytes(photos / "one.jpg");
        {
            std::ofstream out(photos / "slow.jpg", std::ios::binary);
            const std::size_t chunk = bytes.size() / 6 + 1;
            for (std::size_t at = 0; at < bytes.size(); at += chunk) {
                out.write(bytes.data() + at, static_cast<std::streamsize>(std::min(chunk, bytes.size() - at)));
                out.flush();
                std::this_thread::sleep_for(300ms);  // 1.8 s in all, settle 0.5 s
            }
            QCOMPARE(watch.runCount(), std::size_t(1));
        }
        QVERIFY(watch.waitFor([&] { return watch.runs_.size() == 2; }));
        watch.snapshot();
        QCOMPARE(watch.runs[1].result.summary.added, std::int64_t(1));
        QCOMPARE(watch.runs[1].result.summary.failed, std::int64_t(0));  // complete when read
        QVERIFY(searchable(library, photos / "slow.jpg"));

        // A rename (into another folder) is a move: the embedding is kept, nothing re-encoded.
        const auto before = photoAt(library, photos / "new.jpg");
        QVERIFY(before.has_value());
        fs::rename(photos / "new.jpg", photos / "sub" / "renamed.jpg");
        QVERIFY(watch.waitFor([&] { return watch.runs_.size() == 3; }));
        watch.snapshot();
        const IndexSummary& moved = watch.runs[2].result.summary;
        QCOMPARE(moved.moved, std::int64_t(1));
        QCOMPARE(moved.added + moved.updated + moved.removed, std::int64_t(0));
        const auto after = photoAt(library, photos / "sub" / "renamed.jpg");
        QVERIFY(after.has_value());
        QCOMPARE(after->id, before->id);
        QVERIFY(searchable(library, photos / "sub" / "renamed.jpg"));

        // A deletion removes the photo.
        fs::remove(photos / "slow.jpg");
        QVERIFY(watch.waitFor([&] { return watch.runs_.size() == 4; }));
        watch.snapshot();
        QCOMPARE(watch.runs[3].result.summary.removed, std::int64_t(1));
        QVERIFY(!photoAt(library, photos / "slow.jpg"));

        // A folder deleted under the watcher: its photos removed, no error.
        fs::remove_all(photos / "sub");
        QVERIFY(watch.waitFor([&] { return sum(watch.runs_, &IndexSummary::removed, 4) == 2; }));
        QVERIFY(!photoAt(library, photos / "sub" / "two.png"));
        QVERIFY(watch.notices_.empty());

        // A download written under a temporary name and renamed when complete: indexed once, complete.
        const std::size_t runsBefore = watch.runCount();
        {
            std::ofstream out(photos / "download.jpg.part", std::ios::binary);
            const std::size_t half = bytes.size() / 2;
            out.write(bytes.data(), static_cast<std::streamsize>(half));
            out.flush();
            std::this_thread::sleep_for(800ms);  // longer than the settle time: nothing to index yet
            out.write(bytes.data() + half, static_cast<std::streamsize>(bytes.size() - half));
        }
        QCOMPARE(watch.runCount(), runsBefore);
        fs::rename(photos / "download.jpg.part", photos / "download.jpg");
        QVERIFY(watch.waitFor([&] { return sum(watch.runs_, &IndexSummary::added, runsBefore) == 1; }));
        QVERIFY(searchable(library, photos / "download.jpg"));

        watch.snapshot();
        for (const auto& run : watch.runs) QCOMPARE(run.result.summary.failed, std::int64_t(0));
        QVERIFY(watch.error_.empty());
    }

    void removedDriveKeepsItsPhotos() {
        const fs::path library = path("lib2"), photos = path("drive"), away = path("drive-unplugged");
        makeLibrary(library, photos);
        RunningWatch watch(watchRequest(library));
        QVERIFY(watch.waitFor([&] { return !watch.coverages_.empty(); }));

        fs::rename(photos, away);  // the drive is removed
        QVERIFY(watch.waitFor([&] { return !watch.notices_.empty(); }));
        std::this_thread::sleep_for(2500ms);  // settle, and a recheck of the missing folder
        QCOMPARE(watch.notices_.size(), std::size_t(1));  // reported once
        QVERIFY(watch.notices_[0].kind == WatchNotice::Kind::FolderGone);
        QCOMPARE(watch.notices_[0].subject, photos.string());
        QCOMPARE(watch.runCount(), std::size_t(0));  // nothing indexed while it is gone
        QVERIFY(searchable(library, photos / "one.jpg"));
        QVERIFY(watch.waitFor([&] {
            return !watch.coverages_.empty() &&
                   watch.coverages_.back().missingRoots == std::vector<std::string>{photos.string()};
        }));

        fs::rename(away, photos);  // plugged in again
        QVERIFY(watch.waitFor([&] { return watch.runs_.size() == 1; }));
        watch.snapshot();
        QVERIFY(watch.runs[0].trigger == WatchReindex::Trigger::FolderBack);
        const IndexSummary& s = watch.runs[0].result.summary;
        QCOMPARE(s.unchanged, std::int64_t(2));
        QCOMPARE(s.added + s.updated + s.removed + s.moved, std::int64_t(0));
        QVERIFY(watch.notices_.back().kind == WatchNotice::Kind::FolderBack);
        QVERIFY(searchable(library, photos / "sub" / "two.png"));
    }

    void lowWatchCapFallsBackToRescans() {
        const fs::path library = path("lib3"), photos = path("photos3");
        makeLibrary(library, photos);
        fs::create_directories(photos / "far" / "away");
        LibraryWatchRequest request = watchRequest(library);
        request.watchCap = 1;  // as if the system's limit were nearly used up
        request.rescanInterval = 1500ms;
        RunningWatch watch(request);
        QVERIFY(watch.waitFor([&] { return !watch.coverages_.empty(); }));
        const WatchCoverage c = watch.coverages_.front();
        QCOMPARE(c.watchedFolders, std::int64_t(1));
        QCOMPARE(c.unwatchedFolders, std::int64_t(3));
        QVERIFY(!c.reason.empty());
        QCOMPARE(c.unwatchedRoots, std::vector<std::string>{photos.string()});

        test::writePhoto(photos / "far" / "away" / "late.jpg", 7);  // in a folder without a watch
        QVERIFY(watch.waitFor([&] { return sum(watch.runs_, &IndexSummary::added) == 1; }));
        watch.snapshot();
        QVERIFY(watch.runs.back().trigger == WatchReindex::Trigger::Rescan);
        QVERIFY(searchable(library, photos / "far" / "away" / "late.jpg"));
    }

    void idleWatchCostsNoCpu() {
        const fs::path library = path("lib4"), photos = path("photos4");
        makeLibrary(library, photos);
        RunningWatch watch(watchRequest(library));
        QVERIFY(watch.waitFor([&] { return watch.threadCpuNs_ > 0; }));
        std::this_thread::sleep_for(300ms);
        const std::int64_t before = watch.threadCpuNs_;
        std::this_thread::sleep_for(2s);
        const double cpu = (watch.threadCpuNs_ - before) / 1e9;
        qInfo("idle library watch: %.4f s CPU in 2 s", cpu);
        QVERIFY2(cpu < 0.1, qPrintable(QString("%1 s CPU while idle").arg(cpu)));
        QCOMPARE(watch.runCount(), std::size_t(0));
    }

    void refusesALibraryWithoutFolders() {
        RunningWatch watch(watchRequest(path("no-library")));
        QVERIFY(!watch.waitFor([] { return false; }, 3s));
        QVERIFY2(!watch.error_.empty(), "expected an error");
    }
};

QTEST_GUILESS_MAIN(TestLibraryWatch)
#include "test_library_watch.moc"
