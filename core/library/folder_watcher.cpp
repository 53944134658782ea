#include "library/folder_watcher.h"

#include "base/read_file.h"
#include "clip/image/photo_decoder.h"
#include "library/library_paths.h"

#include <dirent.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <utility>

namespace clipdesk {
namespace {

constexpr std::uint32_t kFolderMask = IN_CREATE | IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_DELETE |
                                      IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR |
                                      IN_EXCL_UNLINK;

std::string joinPath(const std::string& folder, const std::string& name) {
    return folder == "/" ? "/" + name : folder + "/" + name;
}

// "top/": every path below `top` starts with it, and such paths sort together.
std::string childPrefix(const std::string& top) { return top == "/" ? top : top + "/"; }

bool startsWith(const std::string& text, const std::string& prefix) { return text.compare(0, prefix.size(), prefix) == 0; }

bool isFolder(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The subfolders of `folder` (following symbolic links, as the scanner does).
std::vector<std::string> subfolders(const std::string& folder, bool includeHidden) {
    std::vector<std::string> found;
    DIR* dir = ::opendir(folder.c_str());
    if (!dir) return found;
    while (const dirent* entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name == "." || name == "..") continue;
        if (!includeHidden && name[0] == '.') continue;
        const std::string path = joinPath(folder, name);
        if (entry->d_type == DT_DIR || ((entry->d_type == DT_LNK || entry->d_type == DT_UNKNOWN) && isFolder(path)))
            found.push_back(path);
    }
    ::closedir(dir);
    return found;
}

}  // namespace

std::size_t systemWatchLimit() {
    try {
        RegularFile file("/proc/sys/fs/inotify/max_user_watches");
        char text[32] = {};
        const std::size_t n = file.read(text, sizeof text - 1);
        text[n] = 0;
        return static_cast<std::size_t>(std::strtoull(text, nullptr, 10));
    } catch (const FileReadError&) {
        return 0;
    }
}

std::size_t fairWatchShare(std::size_t systemLimit) { return systemLimit == 0 ? 8192 : std::max<std::size_t>(1, systemLimit / 2); }

FolderWatcher::FolderWatcher(std::size_t maxWatches) : cap_(maxWatches), systemLimit_(systemWatchLimit()) {
    fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) reason_ = std::string("inotify is not available: ") + std::strerror(errno);
}

FolderWatcher::~FolderWatcher() {
    if (fd_ >= 0) ::close(fd_);
}

void FolderWatcher::noteRefusal(const std::string& reason) {
    if (reason_.empty()) reason_ = reason;
}

bool FolderWatcher::visible(const Root& root, const std::string& name) const {
    return root.includeHidden || name.empty() || name[0] != '.';
}

bool FolderWatcher::watchFolder(std::size_t root, const std::string& folder) {
    if (fd_ < 0 || systemFull_) return false;
    if (watchByPath_.count(folder)) return true;
    if (watches_.size() >= cap_) {
        noteRefusal("the watch cap is reached (" + std::to_string(cap_) +
                    (cap_ == fairWatchShare(systemLimit_) ? " watches: half the system limit of "
                                                          : " watches; the system limit is ") +
                    std::to_string(systemLimit_) + ")");
        return false;
    }
    const int wd = ::inotify_add_watch(fd_, folder.c_str(), kFolderMask);
    if (wd < 0) {
        const int error = errno;
        if (error == ENOSPC || error == ENOMEM) {
            systemFull_ = true;
            noteRefusal("the system refused more watches (" + std::string(std::strerror(error)) +
                        "): other programs use the rest of the limit of " + std::to_string(systemLimit_));
        } else if (error != ENOENT && error != ENOTDIR) {
            noteRefusal(folder + ": " + std::strerror(error));
        }
        return false;
    }
    // A folder reached twice (a symbolic link to it) keeps its first path.
    if (const auto it = watches_.find(wd); it != watches_.end()) return true;
    watches_[wd] = Watch{folder, root};
    watchByPath_[folder] = wd;
    if (folder == roots_[root].path) roots_[root].wd = wd;
    return true;
}

void FolderWatcher::watchTree(std::size_t root, const std::string& top) {
    std::deque<std::string> queue{top};
    std::set<std::pair<dev_t, ino_t>> seen;
    while (!queue.empty()) {
        const std::string folder = std::move(queue.front());
        queue.pop_front();
        struct stat st {};
        if (::stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        if (!seen.insert({st.st_dev, st.st_ino}).second) continue;  // a link loop
        if (watchFolder(root, folder))
            unwatched_.erase(folder);
        else
            unwatched_.insert(folder);
        for (auto& sub : subfolders(folder, roots_[root].includeHidden)) queue.push_back(std::move(sub));
    }
}

void FolderWatcher::addRoot(const std::string& root, bool includeHidden) {
    roots_.push_back(Root{root, includeHidden, isFolder(root), -1});
    if (roots_.back().present) watchTree(roots_.size() - 1, root);
}

// Forgets the watches (and unwatched records) of `top` and everything below it.
void FolderWatcher::forgetTree(const std::string& top, bool removeWatches) {
    auto forgetWatch = [&](std::map<std::string, int>::iterator it) {
        if (removeWatches && fd_ >= 0) ::inotify_rm_watch(fd_, it->second);
        watches_.erase(it->second);
        return watchByPath_.erase(it);
    };
    if (const auto it = watchByPath_.find(top); it != watchByPath_.end()) forgetWatch(it);
    const std::string below = childPrefix(top);
    for (auto it = watchByPath_.lower_bound(below); it != watchByPath_.end() && startsWith(it->first, below);)
        it = forgetWatch(it);
    unwatched_.erase(top);
    for (auto it = unwatched_.lower_bound(below); it != unwatched_.end() && startsWith(*it, below);) it = unwatched_.erase(it);
}

void FolderWatcher::dropRoot(std::size_t root) {
    roots_[root].present = false;
    roots_[root].wd = -1;
    forgetTree(roots_[root].path, true);
}

void FolderWatcher::handle(int wd, std::uint32_t mask, const std::string& name, std::vector<FolderChange>& out) {
    const auto it = watches_.find(wd);
    if (it == watches_.end()) return;  // a watch already forgotten (its IN_IGNORED, late events)
    const std::size_t rootIndex = it->second.root;
    const Root& root = roots_[rootIndex];
    const std::string folder = it->second.path;
    if (mask & IN_IGNORED) {  // the kernel dropped the watch (its folder deleted or unmounted)
        if (wd == root.wd) {
            out.push_back({FolderChange::Kind::RootGone, root.path, root.path, root.path});
            dropRoot(rootIndex);
        } else {
            watchByPath_.erase(folder);
            watches_.erase(it);
        }
        return;
    }
    if (mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) {
        if (wd == root.wd) {
            out.push_back({FolderChange::Kind::RootGone, root.path, root.path, root.path});
            dropRoot(rootIndex);
        }
        return;  // a subfolder: its parent reports the deletion or the move
    }
    if (!visible(root, name)) return;
    const std::string path = joinPath(folder, name);
    if (mask & IN_ISDIR) {
        if (mask & (IN_CREATE | IN_MOVED_TO)) {
            watchTree(rootIndex, path);
            out.push_back({FolderChange::Kind::FolderAdded, root.path, folder, path});
        } else if (mask & (IN_DELETE | IN_MOVED_FROM)) {
            forgetTree(path, (mask & IN_MOVED_FROM) != 0);
            out.push_back({FolderChange::Kind::Removed, root.path, folder, path});
        }
        return;
    }
    if (!isPhotoFileName(name)) return;
    FolderChange::Kind kind;
    if (mask & (IN_DELETE | IN_MOVED_FROM))
        kind = FolderChange::Kind::Removed;
    else if (mask & (IN_CLOSE_WRITE | IN_MOVED_TO))
        kind = FolderChange::Kind::Written;
    else if (mask & (IN_CREATE | IN_MODIFY))
        kind = FolderChange::Kind::Growing;
    else if (mask & IN_ATTRIB)
        kind = FolderChange::Kind::Touched;
    else
        return;
    out.push_back({kind, root.path, folder, path});
}

std::vector<FolderChange> FolderWatcher::wait(std::chrono::milliseconds timeout) {
    std::vector<FolderChange> changes;
    if (fd_ < 0) {
        ::poll(nullptr, 0, static_cast<int>(timeout.count()));
        return changes;
    }
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0) return changes;
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd_, buffer, sizeof buffer);
        if (n <= 0) break;  // EAGAIN: the queue is drained
        for (ssize_t offset = 0; offset < n;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
            offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            if (event->mask & IN_Q_OVERFLOW) {
                changes.push_back({FolderChange::Kind::Overflow, {}, {}, {}});
                continue;
            }
            handle(event->wd, event->mask, event->len ? std::string(event->name) : std::string(), changes);
        }
    }
    return changes;
}

std::vector<FolderChange> FolderWatcher::recheck() {
    std::vector<FolderChange> changes;
    for (std::size_t i = 0; i < roots_.size(); ++i) {
        Root& root = roots_[i];
        if (root.present || !isFolder(root.path)) continue;
        root.present = true;
        watchTree(i, root.path);
        changes.push_back({FolderChange::Kind::RootBack, root.path, root.path, root.path});
    }
    if (!unwatched_.empty() && !systemFull_ && watches_.size() < cap_) {
        const std::vector<std::string> waiting(unwatched_.begin(), unwatched_.end());
        for (const auto& folder : waiting) {
            if (watches_.size() >= cap_) break;
            const auto root = std::find_if(roots_.begin(), roots_.end(),
                                           [&](const Root& r) { return r.present && isPathUnder(folder, r.path); });
            if (root == roots_.end() || !isFolder(folder)) {
                unwatched_.erase(folder);
                continue;
            }
            if (watchFolder(static_cast<std::size_t>(root - roots_.begin()), folder)) unwatched_.erase(folder);
        }
    }
    if (unwatched_.empty() && !systemFull_ && fd_ >= 0) reason_.clear();
    return changes;
}

WatchCoverage FolderWatcher::coverage() const {
    WatchCoverage c;
    c.watchedFolders = static_cast<std::int64_t>(watches_.size());
    c.unwatchedFolders = static_cast<std::int64_t>(unwatched_.size());
    c.watchCap = cap_;
    c.systemLimit = systemLimit_;
    if (!unwatched_.empty()) c.reason = reason_;
    for (const auto& root : roots_) {
        if (!root.present) c.missingRoots.push_back(root.path);
        const auto first = unwatched_.lower_bound(childPrefix(root.path));
        const bool some = unwatched_.count(root.path) ||
                          (first != unwatched_.end() && startsWith(*first, childPrefix(root.path)));
        if (root.present && some) c.unwatchedRoots.push_back(root.path);
    }
    return c;
}

}  // namespace clipdesk
