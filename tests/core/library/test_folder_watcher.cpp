// The inotify folder watcher on real temporary folders: events by kind and path, new
// subfolders watched as they appear, hidden and non-photo names ignored, the watch cap and
// what is left unwatched, folders and the root itself deleted or moved away and back, and
// no CPU spent while idle.

#include "library/folder_watcher.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <time.h>

#include <filesystem>
#include <fstream>

using namespace clipdesk;
namespace fs = std::filesystem;
using Kind = FolderChange::Kind;

namespace {

void writeFile(const fs::path& path, const std::string& bytes = "not really a photo") {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

// Changes gathered until `until` holds or two seconds pass.
std::vector<FolderChange> collect(FolderWatcher& watcher, const std::function<bool(const std::vector<FolderChange>&)>& until) {
    std::vector<FolderChange> all;
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < end && !until(all)) {
        for (auto& c : watcher.wait(std::chrono::milliseconds(100))) all.push_back(std::move(c));
    }
    return all;
}

bool has(const std::vector<FolderChange>& changes, Kind kind, const fs::path& path) {
    return std::any_of(changes.begin(), changes.end(),
                       [&](const FolderChange& c) { return c.kind == kind && c.path == path.string(); });
}

std::int64_t count(const std::vector<FolderChange>& changes, Kind kind) {
    return std::count_if(changes.begin(), changes.end(), [&](const FolderChange& c) { return c.kind == kind; });
}

double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

}  // namespace

class TestFolderWatcher : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void reportsPhotosByKindAndIgnoresOthers() {
        QTemporaryDir tmp;
        const fs::path root = fs::path(tmp.path().toStdString()) / "photos";
        fs::create_directories(root);
        FolderWatcher watcher(100);
        watcher.addRoot(root.string(), false);
        QCOMPARE(watcher.coverage().watchedFolders, std::int64_t(1));

        writeFile(root / "a.jpg");
        writeFile(root / "notes.txt");
        writeFile(root / ".hidden.jpg");
        auto changes = collect(watcher, [&](const auto& c) { return has(c, Kind::Written, root / "a.jpg"); });
        QVERIFY(has(changes, Kind::Growing, root / "a.jpg"));  // created: maybe not complete yet
        QVERIFY(has(changes, Kind::Written, root / "a.jpg"));  // closed after writing
        for (const auto& c : changes) {
            QVERIFY2(c.path == (root / "a.jpg").string(), c.path.c_str());
            QCOMPARE(c.root, root.string());
            QCOMPARE(c.folder, root.string());
        }

        fs::rename(root / "a.jpg", root / "b.jpg");
        changes = collect(watcher, [&](const auto& c) { return has(c, Kind::Written, root / "b.jpg"); });
        QVERIFY(has(changes, Kind::Removed, root / "a.jpg"));
        QVERIFY(has(changes, Kind::Written, root / "b.jpg"));  // renamed into place: complete

        fs::remove(root / "b.jpg");
        changes = collect(watcher, [&](const auto& c) { return has(c, Kind::Removed, root / "b.jpg"); });
        QVERIFY(has(changes, Kind::Removed, root / "b.jpg"));
    }

    void watchesNewSubfoldersAndForgetsDeletedOnes() {
        QTemporaryDir tmp;
        const fs::path root = fs::path(tmp.path().toStdString()) / "photos";
        fs::create_directories(root / "old" / "deeper");
        FolderWatcher watcher(100);
        watcher.addRoot(root.string(), false);
        QCOMPARE(watcher.coverage().watchedFolders, std::int64_t(3));

        fs::create_directories(root / "new");
        auto changes = collect(watcher, [&](const auto& c) { return has(c, Kind::FolderAdded, root / "new"); });
        QVERIFY(has(changes, Kind::FolderAdded, root / "new"));
        QCOMPARE(watcher.coverage().watchedFolders, std::int64_t(4));
        writeFile(root / "new" / "c.png");
        changes = collect(watcher, [&](const auto& c) { return has(c, Kind::Written, root / "new" / "c.png"); });
        QVERIFY(has(changes, Kind::Written, root / "new" / "c.png"));

        // A folder deleted under the watcher: reported as removed, its watches given back.
        fs::remove_all(root / "old");
        changes = collect(watcher, [&](const auto& c) { return has(c, Kind::Removed, root / "old"); });
        QVERIFY(has(changes, Kind::Removed, root / "old"));
        collect(watcher, [](const auto&) { return false; });  // the kernel's IN_IGNORED
        QCOMPARE(watcher.coverage().watchedFolders, std::int64_t(2));
        QCOMPARE(count(changes, Kind::RootGone), std::int64_t(0));

        // A folder moved within the tree: watched at its new path.
        fs::create_directories(root / "a" / "b");
        collect(watcher, [&](const auto& c) { return has(c, Kind::FolderAdded, root / "a"); });
        fs::rename(root / "a", root / "new" / "a");
        changes = collect(watcher, [&](const auto& c) { return has(c, Kind::FolderAdded, root / "new" / "a"); });
        QVERIFY(has(changes, Kind::Removed, root / "a"));
        QVERIFY(has(changes, Kind::FolderAdded, root / "new" / "a"));
        writeFile(root / "new" / "a" / "b" / "d.jpg");
        changes = collect(watcher, [&](const auto& c) { return has(c, Kind::Written, root / "new" / "a" / "b" / "d.jpg"); });
        QVERIFY(has(changes, Kind::Written, root / "new" / "a" / "b" / "d.jpg"));
        QCOMPARE(watcher.coverage().watchedFolders, std::int64_t(4));
    }

    void capLeavesFoldersToRescans() {
        QTemporaryDir tmp;
        const fs::path root = fs::path(tmp.path().toStdString()) / "photos";
        for (const char* sub : {"a", "b", "c", "a/x"}) fs::create_directories(root / sub);
        fs::create_directories(root / ".cache" / "thumbs");  // hidden: never watched, never counted
        FolderWatcher watcher(2);
        watcher.addRoot(root.string(), false);
        const WatchCoverage c = watcher.coverage();
        QCOMPARE(c.watchedFolders, std::int64_t(2));
        QCOMPARE(c.unwatchedFolders, std::int64_t(3));
        QCOMPARE(c.watchCap, std::size_t(2));
        QVERIFY2(c.reason.find("cap") != std::string::npos, c.reason.c_str());
        QCOMPARE(c.unwatchedRoots, std::vector<std::string>{root.string()});
        QVERIFY(c.missingRoots.empty());

        // Watches given back are used for folders that waited.
        fs::remove_all(root / "a");
        collect(watcher, [&](const auto& ch) { return has(ch, Kind::Removed, root / "a"); });
        watcher.recheck();
        const WatchCoverage after = watcher.coverage();
        QCOMPARE(after.watchedFolders + after.unwatchedFolders, std::int64_t(3));
        QCOMPARE(after.watchedFolders, std::int64_t(2));
    }

    void rootGoneIsReportedOnceAndComesBack() {
        QTemporaryDir tmp;
        const fs::path root = fs::path(tmp.path().toStdString()) / "drive";
        const fs::path away = fs::path(tmp.path().toStdString()) / "unplugged";
        fs::create_directories(root / "sub");
        FolderWatcher watcher(100);
        watcher.addRoot(root.string(), false);
        fs::rename(root, away);  // as a removed drive: the folder is no longer there
        auto changes = collect(watcher, [&](const auto& c) { return count(c, Kind::RootGone) > 0; });
        collect(watcher, [](const auto&) { return false; });
        changes = std::vector<FolderChange>(changes);
        QCOMPARE(count(changes, Kind::RootGone), std::int64_t(1));
        QCOMPARE(watcher.coverage().missingRoots, std::vector<std::string>{root.string()});
        QCOMPARE(watcher.coverage().watchedFolders, std::int64_t(0));
        writeFile(away / "e.jpg");  // not under the library folder any more
        QVERIFY(collect(watcher, [](const auto&) { return false; }).empty());
        QVERIFY(watcher.recheck().empty());

        fs::rename(away, root);
        changes = watcher.recheck();
        QCOMPARE(count(changes, Kind::RootBack), std::int64_t(1));
        QVERIFY(watcher.coverage().missingRoots.empty());
        QCOMPARE(watcher.coverage().watchedFolders, std::int64_t(2));

        fs::remove_all(root);  // deleted for good
        changes = collect(watcher, [&](const auto& c) { return count(c, Kind::RootGone) > 0; });
        QCOMPARE(count(changes, Kind::RootGone), std::int64_t(1));
    }

    void missingRootAtStart() {
        QTemporaryDir tmp;
        const fs::path root = fs::path(tmp.path().toStdString()) / "not-mounted";
        FolderWatcher watcher(100);
        watcher.addRoot(root.string(), false);
        QCOMPARE(watcher.coverage().missingRoots, std::vector<std::string>{root.string()});
        fs::create_directories(root);
        QCOMPARE(count(watcher.recheck(), Kind::RootBack), std::int64_t(1));
    }

    void idleCostsNoCpu() {
        QTemporaryDir tmp;
        const fs::path root = fs::path(tmp.path().toStdString()) / "photos";
        for (int i = 0; i < 50; ++i) fs::create_directories(root / std::to_string(i));
        FolderWatcher watcher(1000);
        watcher.addRoot(root.string(), false);
        const double cpuBefore = threadCpuSeconds();
        const auto start = std::chrono::steady_clock::now();
        while (std::chrono::steady_clock::now() - start < std::chrono::seconds(2)) watcher.wait(std::chrono::milliseconds(250));
        const double cpu = threadCpuSeconds() - cpuBefore;
        qInfo("idle watcher: %.4f s CPU in 2 s", cpu);
        QVERIFY2(cpu < 0.05, qPrintable(QString("%1 s CPU while idle").arg(cpu)));
    }

    void systemLimitAndFairShare() {
        const std::size_t limit = systemWatchLimit();
        if (fs::exists("/proc/sys/fs/inotify/max_user_watches")) QVERIFY(limit > 0);
        QCOMPARE(fairWatchShare(8192), std::size_t(4096));
        QCOMPARE(fairWatchShare(0), std::size_t(8192));
        QVERIFY(fairWatchShare(limit) <= std::max<std::size_t>(limit, 8192));
    }
};

QTEST_GUILESS_MAIN(TestFolderWatcher)
#include "test_folder_watcher.moc"
