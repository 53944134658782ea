#pragma once
// Use case: keep a library up to date while it is open. Watches every folder of the library
// (library/folder_watcher.h: inotify, at most a fair share of the system's watches), waits
// until changes have settled (no change for `settle`, no photo still being written), then
// brings the changed folders up to date through runIndex, the same incremental run as
// `index`: unchanged photos cost a stat, moved ones keep their embedding. Folders left
// without a watch (the cap, the system's limit) are rescanned every `rescanInterval`; a
// library folder that disappears (deleted, a removed drive) is reported once and left alone,
// its photos kept, until it returns. Idle, it sleeps in poll().

#include "application/index_run.h"
#include "base/job_control.h"
#include "library/folder_watcher.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace clipdesk {

struct LibraryWatchRequest {
    // The library, model and options of each run; its folders are ignored: every folder of
    // the library is watched.
    IndexRunRequest index;
    std::chrono::milliseconds settle{3000};
    std::chrono::milliseconds rescanInterval{std::chrono::minutes(10)};
    std::size_t watchCap = 0;  // 0: fairWatchShare(systemWatchLimit())
};

// One background re-index.
struct WatchReindex {
    enum class Trigger { Changes, Rescan, Overflow, FolderBack };
    Trigger trigger = Trigger::Changes;
    std::vector<std::string> folders;  // the folders the run scanned
    IndexRunResult result;
};

const char* triggerName(WatchReindex::Trigger trigger);  // "changes", "rescan", "overflow", "folder_back"

struct WatchNotice {
    enum class Kind {
        FolderGone,   // subject: a library folder; its photos are kept until it returns
        FolderBack,   // subject: a library folder
        RunFailed,    // subject: the library; message: why (tried again later)
    };
    Kind kind = Kind::FolderGone;
    std::string subject;
    std::string message;  // English, one line
};

struct LibraryWatchListener {
    std::function<void(const WatchCoverage&)> coverage;  // at the start and whenever it changes
    std::function<void(const WatchReindex&)> reindexed;
    std::function<void(const WatchNotice&)> notice;       // each once, as it happens
};

// Watches until `control` is cancelled (progress: JobStage::Watching while idle, with done =
// folders watched; the runs' own stages while indexing). Throws LibraryError (no library) or
// UseCaseError (LibraryHasNoFolders) before watching starts.
void watchLibrary(const LibraryWatchRequest& request, const LibraryWatchListener& listener, const JobControl& control);

}  // namespace clipdesk
