#include "application/library_watch.h"

#include "application/use_case_error.h"
#include "change_settler.h"
#include "library/library_paths.h"
#include "library/photo_library.h"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>

namespace clipdesk {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollTimeout = std::chrono::milliseconds(250);
constexpr auto kRecheckEvery = std::chrono::seconds(2);
constexpr auto kRetryFailedRunAfter = std::chrono::seconds(30);

struct LibraryFolder {
    std::string path;
    bool includeHidden = false;
};

std::vector<LibraryFolder> libraryFolders(const std::filesystem::path& libraryDir) {
    const auto library = PhotoLibrary::open(libraryDir, LibraryAccess::Read);
    std::vector<LibraryFolder> folders;
    for (const auto& f : library->database().folders()) folders.push_back({f.path, f.includeHidden});
    if (folders.empty()) {
        const std::string dir = library->files().dir.string();
        throw UseCaseError(UseCaseProblem::LibraryHasNoFolders, dir,
                           dir + ": the library has no folders yet; give the folders to index");
    }
    return folders;
}

std::optional<ChangeSettler::FileStamp> fileStamp(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return ChangeSettler::FileStamp{static_cast<std::int64_t>(st.st_size),
                                    static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

bool isFolder(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The folders to scan: each changed folder, or its nearest ancestor that still exists (a
// deleted folder's parent), without those inside another.
std::vector<std::string> scanScopes(const std::string& root, const std::set<std::string>& changed) {
    std::set<std::string> existing;
    for (std::string folder : changed) {
        while (folder != root && !isFolder(folder) && isPathUnder(folder, root))
            folder = std::filesystem::path(folder).parent_path().string();
        existing.insert(folder);
    }
    std::vector<std::string> scopes;
    for (const auto& folder : existing)
        if (std::none_of(scopes.begin(), scopes.end(), [&](const std::string& s) { return isPathUnder(folder, s); }))
            scopes.push_back(folder);
    return scopes;
}

class Watch {
public:
    Watch(const LibraryWatchRequest& request, const LibraryWatchListener& listener, const JobControl& control)
        : request_(request),
          listener_(listener),
          control_(control),
          folders_(libraryFolders(request.index.libraryDir)),
          watcher_(request.watchCap ? request.watchCap : fairWatchShare(systemWatchLimit())),
          settler_(request.settle, fileStamp) {
        for (const auto& f : folders_) watcher_.addRoot(f.path, f.includeHidden);
    }

    void run() {
        reportCoverage();
        auto nextRecheck = Clock::now() + kRecheckEvery;
        auto nextRescan = Clock::now() + request_.rescanInterval;
        for (;;) {
            JobProgress idle;
            idle.stage = JobStage::Watching;
            idle.done = coverage_.watchedFolders;
            if (!control_.report(idle)) return;
            handle(watcher_.wait(kPollTimeout));
            const auto now = Clock::now();
            if (now >= nextRecheck) {
                handle(watcher_.recheck());
                reportCoverage();
                nextRecheck = now + kRecheckEvery;
            }
            if (now >= nextRescan) {
                for (const auto& root : coverage_.unwatchedRoots) {
                    settler_.dirty(root, root, now);
                    triggers_[root] = WatchReindex::Trigger::Rescan;
                }
                nextRescan = now + request_.rescanInterval;
            }
            for (const auto& [root, changed] : settler_.takeSettled(Clock::now())) {
                if (!reindex(root, changed)) return;
            }
        }
    }

private:
    void reportCoverage() {
        const WatchCoverage now = watcher_.coverage();
        if (reported_ && now == coverage_) return;
        coverage_ = now;
        reported_ = true;
        if (listener_.coverage) listener_.coverage(coverage_);
    }

    void notice(WatchNotice::Kind kind, const std::string& subject, const std::string& message) {
        if (listener_.notice) listener_.notice(WatchNotice{kind, subject, message});
    }

    void handle(const std::vector<FolderChange>& changes) {
        const auto now = Clock::now();
        bool coverageMayChange = false;
        for (const auto& change : changes) {
            switch (change.kind) {
            case FolderChange::Kind::RootGone:
                settler_.forget(change.root);
                triggers_.erase(change.root);
                notice(WatchNotice::Kind::FolderGone, change.root,
                       change.root + ": the folder is gone (deleted, moved or its drive removed); its photos stay in "
                                     "the library until it returns");
                coverageMayChange = true;
                break;
            case FolderChange::Kind::RootBack:
                notice(WatchNotice::Kind::FolderBack, change.root, change.root + ": the folder is back; indexing it again");
                settler_.dirty(change.root, change.root, now);
                triggers_[change.root] = WatchReindex::Trigger::FolderBack;
                coverageMayChange = true;
                break;
            case FolderChange::Kind::Overflow:
                for (const auto& f : folders_) {
                    if (!isFolder(f.path)) continue;
                    settler_.dirty(f.path, f.path, now + request_.settle);
                    triggers_[f.path] = WatchReindex::Trigger::Overflow;
                }
                break;
            case FolderChange::Kind::FolderAdded:
            case FolderChange::Kind::Removed:
                coverageMayChange = true;
                [[fallthrough]];
            default:
                settler_.note(change, now);
                triggers_.emplace(change.root, WatchReindex::Trigger::Changes);
            }
        }
        if (coverageMayChange) reportCoverage();
    }

    // One run per settled library folder (the folder's own hidden-files setting); false once cancelled.
    bool reindex(const std::string& root, const std::set<std::string>& changed) {
        const auto trigger = triggers_.count(root) ? triggers_[root] : WatchReindex::Trigger::Changes;
        triggers_.erase(root);
        if (!isFolder(root)) return true;  // gone meanwhile: reported by the watcher
        WatchReindex done;
        done.trigger = trigger;
        done.folders = scanScopes(root, changed);
        IndexRunRequest run = request_.index;
        run.folders = done.folders;
        for (const auto& f : folders_)
            if (f.path == root) run.options.includeHidden = f.includeHidden;
        try {
            done.result = runIndex(run, control_);
        } catch (const JobCancelled&) {
            return false;
        } catch (const std::exception& e) {
            // E.g. another process indexing the library: the same folders again later.
            const std::string message = e.what();
            if (message != lastFailure_)
                notice(WatchNotice::Kind::RunFailed, request_.index.libraryDir.string(), message);
            lastFailure_ = message;
            for (const auto& folder : changed) settler_.dirty(root, folder, Clock::now() + kRetryFailedRunAfter);
            triggers_[root] = trigger;
            return !control_.cancelled();
        }
        lastFailure_.clear();
        if (listener_.reindexed) listener_.reindexed(done);
        return !done.result.summary.cancelled;
    }

    const LibraryWatchRequest& request_;
    const LibraryWatchListener& listener_;
    const JobControl& control_;
    std::vector<LibraryFolder> folders_;
    FolderWatcher watcher_;
    ChangeSettler settler_;
    std::map<std::string, WatchReindex::Trigger> triggers_;
    WatchCoverage coverage_;
    bool reported_ = false;
    std::string lastFailure_;
};

}  // namespace

const char* triggerName(WatchReindex::Trigger trigger) {
    switch (trigger) {
    case WatchReindex::Trigger::Changes: return "changes";
    case WatchReindex::Trigger::Rescan: return "rescan";
    case WatchReindex::Trigger::Overflow: return "overflow";
    case WatchReindex::Trigger::FolderBack: return "folder_back";
    }
    return "changes";
}

void watchLibrary(const LibraryWatchRequest& request, const LibraryWatchListener& listener, const JobControl& control) {
    Watch(request, listener, control).run();
}

}  // namespace clipdesk
