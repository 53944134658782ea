#include "change_settler.h"

#include <algorithm>

namespace clipdesk {

ChangeSettler::ChangeSettler(std::chrono::milliseconds settle, StampReader stamp)
    : settle_(settle), stamp_(std::move(stamp)) {}

void ChangeSettler::dirty(const std::string& root, const std::string& folder, Clock::time_point notBefore) {
    RootChanges& changes = roots_[root];
    if (changes.folders.empty() || changes.due < notBefore) changes.due = notBefore;
    changes.folders.insert(folder);
}

void ChangeSettler::note(const FolderChange& change, Clock::time_point now) {
    using Kind = FolderChange::Kind;
    if (change.kind == Kind::RootGone || change.kind == Kind::RootBack || change.kind == Kind::Overflow) return;
    dirty(change.root, change.kind == Kind::FolderAdded ? change.path : change.folder, now + settle_);
    if (change.kind == Kind::Growing) {
        auto& g = growing_[change.path];
        g.root = change.root;
        g.stamp.reset();  // compared from the next look on
        g.stableSince = now;
    } else if (change.kind == Kind::Written || change.kind == Kind::Removed) {
        growing_.erase(change.path);
    }
}

void ChangeSettler::forget(const std::string& root) {
    roots_.erase(root);
    for (auto it = growing_.begin(); it != growing_.end();) it = it->second.root == root ? growing_.erase(it) : std::next(it);
}

bool ChangeSettler::stillWriting(const std::string& root, Clock::time_point now) {
    bool writing = false;
    for (auto it = growing_.begin(); it != growing_.end();) {
        Growing& g = it->second;
        if (g.root != root) {
            ++it;
            continue;
        }
        const auto stamp = stamp_(it->first);
        if (!stamp) {
            it = growing_.erase(it);
            continue;
        }
        if (!g.stamp || !(*g.stamp == *stamp)) {
            g.stamp = stamp;
            g.stableSince = now;
        }
        if (now - g.stableSince >= 4 * settle_) {
            it = growing_.erase(it);
            continue;
        }
        writing = true;
        ++it;
    }
    return writing;
}

std::map<std::string, std::set<std::string>> ChangeSettler::takeSettled(Clock::time_point now) {
    std::map<std::string, std::set<std::string>> settled;
    for (auto it = roots_.begin(); it != roots_.end();) {
        if (now < it->second.due || stillWriting(it->first, now)) {
            ++it;
            continue;
        }
        settled[it->first] = std::move(it->second.folders);
        it = roots_.erase(it);
    }
    return settled;
}

}  // namespace clipdesk
