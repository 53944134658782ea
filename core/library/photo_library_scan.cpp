// PhotoLibrary's writes at the start of an index run: which folders it scans, and what the scan
// found, before any photo is encoded.
#include "library/photo_library.h"

#include <algorithm>

namespace clipdesk {

std::vector<ScanScope> PhotoLibrary::addFolders(const std::vector<std::string>& given, bool includeHidden) {
    std::vector<ScanScope> scopes;
    if (given.empty()) {
        for (const auto& f : database_->folders()) scopes.push_back({f.id, f.path, f.includeHidden});
        return scopes;
    }
    std::vector<std::string> paths;
    for (const auto& g : given) paths.push_back(normalisedPath(g));
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    SqliteTransaction transaction(database_->connection());
    for (const auto& path : paths) {
        if (std::any_of(scopes.begin(), scopes.end(), [&](const ScanScope& s) { return isPathUnder(path, s.path); }))
            continue;
        const auto folders = database_->folders();
        const auto parent = std::find_if(folders.begin(), folders.end(),
                                         [&](const FolderRecord& f) { return isPathUnder(path, f.path); });
        if (parent != folders.end()) {
            if (parent->path == path) database_->setIncludeHidden(parent->id, includeHidden);
            scopes.push_back({parent->id, path, includeHidden || (parent->path != path && parent->includeHidden)});
            continue;
        }
        const std::int64_t id = database_->addFolder(path, includeHidden);
        for (const auto& f : folders) {
            if (!isPathUnder(f.path, path)) continue;
            database_->moveFolderContents(f.id, id);
            database_->removeFolder(f.id);
        }
        scopes.push_back({id, path, includeHidden});
    }
    transaction.commit();
    return scopes;
}

std::vector<std::int64_t> PhotoLibrary::recordScan(const ScanRecord& scan) {
    std::vector<std::int64_t> added;
    SqliteTransaction transaction(database_->connection());
    for (const auto& m : scan.moved) database_->movePhoto(m.photoId, m.folderId, m.file.path, m.file.mtimeNs);
    for (const auto& a : scan.added)
        added.push_back(database_->insertPhoto(a.folderId, a.file.path, a.file.size, a.file.mtimeNs));
    for (const auto& p : scan.problems) database_->replaceScanProblems(p.folderId, p.scope, p.problems);
    transaction.commit();
    return added;
}

}  // namespace clipdesk
