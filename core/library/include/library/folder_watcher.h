#pragma once
// Watches library folders for changes with Linux inotify: one watch per folder, added for
// every subfolder (and for each new one as it appears), at most `maxWatches` of them, so the
// system's per-user limit is never exhausted for other programs. Folders beyond the cap, or
// refused by the system, are counted as unwatched: the caller rescans them periodically.
// Hidden entries (names starting with '.') are skipped unless the root includes them; file
// events are reported only for photo names (isPhotoFileName). wait() blocks in poll() for at
// most its timeout, so a watcher costs no CPU while nothing changes.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace clipdesk {

// The system's per-user inotify watch limit (/proc/sys/fs/inotify/max_user_watches); 0 if unknown.
std::size_t systemWatchLimit();
// The share of the system's limit one library may take: half, leaving the rest to other
// programs (file managers, editors, sync clients). 0 (unknown limit) gives 8192.
std::size_t fairWatchShare(std::size_t systemLimit);

struct WatchCoverage {
    std::int64_t watchedFolders = 0;    // folders with a watch (roots included)
    std::int64_t unwatchedFolders = 0;  // folders left to periodic rescans
    std::size_t watchCap = 0;           // the most watches this watcher takes
    std::size_t systemLimit = 0;        // 0: unknown
    std::string reason;                 // why folders are unwatched; empty when none are
    std::vector<std::string> missingRoots;    // roots that are gone (deleted, a removed drive)
    std::vector<std::string> unwatchedRoots;  // roots with at least one unwatched folder

    bool operator==(const WatchCoverage& o) const {
        return watchedFolders == o.watchedFolders && unwatchedFolders == o.unwatchedFolders &&
               watchCap == o.watchCap && systemLimit == o.systemLimit && reason == o.reason &&
               missingRoots == o.missingRoots && unwatchedRoots == o.unwatchedRoots;
    }
    bool operator!=(const WatchCoverage& o) const { return !(*this == o); }
};

struct FolderChange {
    enum class Kind {
        Growing,      // a photo created or written to, maybe not complete yet
        Written,      // a photo closed after writing, or renamed into place: complete
        Touched,      // a photo's attributes (e.g. its time) changed
        Removed,      // a photo or folder deleted or moved away
        FolderAdded,  // a new folder (now watched as far as the cap allows): its contents are new
        RootGone,     // the root itself was deleted, moved or unmounted
        RootBack,     // a gone root exists again (watched again)
        Overflow,     // the kernel's event queue overflowed: anything under every root may have changed
    };
    Kind kind = Kind::Growing;
    std::string root;    // the library folder it is under (empty for Overflow)
    std::string folder;  // the folder whose entry changed (the root itself for RootGone/RootBack)
    std::string path;    // the entry (file or folder); the root for RootGone/RootBack
};

class FolderWatcher {
public:
    explicit FolderWatcher(std::size_t maxWatches);
    ~FolderWatcher();
    FolderWatcher(const FolderWatcher&) = delete;
    FolderWatcher& operator=(const FolderWatcher&) = delete;

    // Watches `root` (absolute, normalised) and its subfolders, breadth first, while the cap
    // allows; a missing root is recorded as missing (RootBack follows when it returns).
    void addRoot(const std::string& root, bool includeHidden);

    // Waits up to `timeout` for changes (poll(); returns early when some arrive).
    std::vector<FolderChange> wait(std::chrono::milliseconds timeout);

    // Looks for missing roots that exist again (RootBack, watched again) and gives folders
    // left unwatched a watch if the cap now allows.
    std::vector<FolderChange> recheck();

    WatchCoverage coverage() const;

private:
    struct Root {
        std::string path;
        bool includeHidden = false;
        bool present = false;
        int wd = -1;
    };
    struct Watch {
        std::string path;
        std::size_t root = 0;
    };

    void watchTree(std::size_t root, const std::string& top);
    bool watchFolder(std::size_t root, const std::string& folder);
    void forgetTree(const std::string& top, bool removeWatches);
    void dropRoot(std::size_t root);
    void noteRefusal(const std::string& reason);
    void handle(int wd, std::uint32_t mask, const std::string& name, std::vector<FolderChange>& out);
    bool visible(const Root& root, const std::string& name) const;

    int fd_ = -1;
    std::size_t cap_ = 0;
    std::size_t systemLimit_ = 0;
    bool systemFull_ = false;  // the system refused a watch (ENOSPC/ENOMEM): stop asking
    std::string reason_;
    std::vector<Root> roots_;
    std::map<int, Watch> watches_;
    std::map<std::string, int> watchByPath_;
    std::set<std::string> unwatched_;  // folder paths
};

}  // namespace clipdesk
