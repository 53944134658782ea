#pragma once
// The debounce of watched folders: collects FolderChanges and hands out the folders to index
// once they have settled: no change under their library folder for the settle time, and no
// photo there still being written (created or modified but not closed, whose size or time
// changed within the last 4 settle times; a writer that keeps a file open without writing
// counts as done after that).

#include "library/folder_watcher.h"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace clipdesk {

class ChangeSettler {
public:
    using Clock = std::chrono::steady_clock;
    struct FileStamp {
        std::int64_t size = 0;
        std::int64_t mtimeNs = 0;
        bool operator==(const FileStamp& o) const { return size == o.size && mtimeNs == o.mtimeNs; }
    };
    // The file's stamp, or nothing when it is gone.
    using StampReader = std::function<std::optional<FileStamp>(const std::string& path)>;

    ChangeSettler(std::chrono::milliseconds settle, StampReader stamp);

    // Records a change (RootGone, RootBack and Overflow are the caller's to turn into forget()/dirty()).
    void note(const FolderChange& change, Clock::time_point now);
    // Marks `folder` (under `root`) for indexing, due no earlier than `notBefore`.
    void dirty(const std::string& root, const std::string& folder, Clock::time_point notBefore);
    // Drops everything under `root` (gone: nothing there is indexed until it returns).
    void forget(const std::string& root);

    // The settled folders, grouped by their root, taken out of the tracker.
    std::map<std::string, std::set<std::string>> takeSettled(Clock::time_point now);
    bool idle() const { return roots_.empty(); }

private:
    struct Growing {
        std::string root;
        std::optional<FileStamp> stamp;
        Clock::time_point stableSince;
    };
    struct RootChanges {
        Clock::time_point due;  // the time it may be indexed, if nothing else changes
        std::set<std::string> folders;
    };

    bool stillWriting(const std::string& root, Clock::time_point now);

    std::chrono::milliseconds settle_;
    StampReader stamp_;
    std::map<std::string, RootChanges> roots_;
    std::map<std::string, Growing> growing_;  // by path
};

}  // namespace clipdesk
