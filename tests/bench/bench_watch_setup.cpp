// Watched folders at scale: builds a tree of empty photo files (default 100,000 in 50-file
// folders, 20 folders per parent) under a temporary folder, then times FolderWatcher setting
// up its watches (the system's fair share, and an artificially low cap that leaves folders
// to rescans), the memory it takes (this process's RSS; the kernel's per-watch memory is not
// visible from user space: about 1 KB per watch on 64-bit), the delay from a new file to its
// event, the CPU an idle watcher uses in 2 s, and one scanPhotos walk of the whole tree (what
// a re-index of the top folder or a fallback rescan costs). One JSON line on stdout.
//
//   clipdesk-bench-watch [--files 100000] [--per-folder 50] [--low-cap 1000] [--dir /tmp]

#include "library/folder_watcher.h"
#include "library/photo_scanner.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

using namespace clipdesk;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

long rssKiB() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

// Returns the number of folders made (the root included).
long makeTree(const fs::path& root, long files, long perFolder) {
    const long leaves = (files + perFolder - 1) / perFolder;
    long folders = 1, made = 0;
    for (long leaf = 0; leaf < leaves; ++leaf) {
        const fs::path parent = root / ("p" + std::to_string(leaf / 20));
        const fs::path dir = parent / ("d" + std::to_string(leaf));
        if (leaf % 20 == 0) ++folders;
        fs::create_directories(dir);
        ++folders;
        for (long i = 0; i < perFolder && made < files; ++i, ++made) {
            const std::string path = (dir / ("IMG_" + std::to_string(made) + ".jpg")).string();
            const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
            if (fd >= 0) ::close(fd);
        }
    }
    return folders;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app("Watched folders at scale: watch set-up time, memory, event delay, idle CPU, a full rescan");
    long files = 100000, perFolder = 50;
    std::size_t lowCap = 1000;
    std::string base = fs::temp_directory_path().string();
    app.add_option("--files", files, "Empty photo files to make");
    app.add_option("--per-folder", perFolder, "Files per folder");
    app.add_option("--low-cap", lowCap, "A watch cap below the folder count, for the fallback figures");
    app.add_option("--dir", base, "Where to make the tree (removed afterwards)");
    CLI11_PARSE(app, argc, argv);

    const fs::path root = fs::path(base) / ("clipdesk-bench-watch-" + std::to_string(::getpid()));
    nlohmann::json out;
    auto start = Clock::now();
    const long folders = makeTree(root, files, perFolder);
    out["files"] = files;
    out["folders"] = folders;
    out["make_tree_s"] = secondsSince(start);
    out["system_watch_limit"] = systemWatchLimit();

    {
        const long rssBefore = rssKiB();
        start = Clock::now();
        FolderWatcher watcher(fairWatchShare(systemWatchLimit()));
        watcher.addRoot(root.string(), false);
        out["setup_s"] = secondsSince(start);
        out["setup_rss_kib"] = rssKiB() - rssBefore;
        const WatchCoverage c = watcher.coverage();
        out["watched"] = c.watchedFolders;
        out["unwatched"] = c.unwatchedFolders;
        out["watch_cap"] = c.watchCap;
        out["kernel_memory_estimate_kib"] = c.watchedFolders * 1080 / 1024;

        const fs::path newFile = root / "p0" / "d0" / "new.jpg";
        start = Clock::now();
        std::ofstream(newFile) << "x";
        double delay = -1;
        while (secondsSince(start) < 5 && delay < 0)
            for (const auto& change : watcher.wait(std::chrono::milliseconds(100)))
                if (change.path == newFile.string() && change.kind == FolderChange::Kind::Written) delay = secondsSince(start);
        out["event_delay_ms"] = delay * 1000;

        const double cpuBefore = threadCpuSeconds();
        start = Clock::now();
        while (secondsSince(start) < 2) watcher.wait(std::chrono::milliseconds(250));
        out["idle_cpu_s_in_2s"] = threadCpuSeconds() - cpuBefore;
    }
    {
        start = Clock::now();
        FolderWatcher capped(lowCap);
        capped.addRoot(root.string(), false);
        const WatchCoverage c = capped.coverage();
        out["low_cap"] = {{"cap", lowCap}, {"setup_s", secondsSince(start)}, {"watched", c.watchedFolders},
                          {"unwatched", c.unwatchedFolders}, {"reason", c.reason}};
    }
    start = Clock::now();
    const ScanResult scan = scanPhotos(root.string(), ScanOptions{});
    out["full_scan_s"] = secondsSince(start);
    out["full_scan_photos"] = scan.files.size();

    start = Clock::now();
    fs::remove_all(root);
    out["remove_tree_s"] = secondsSince(start);
    std::cout << out.dump() << std::endl;
    return 0;
}
