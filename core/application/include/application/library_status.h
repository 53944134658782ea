#pragma once
// Use case: describe a library — its model, folders with counts by state, the index, failed
// photos and scan problems; with `check`, also the database's integrity and whether the index
// holds exactly the indexed photos. `clipdesk-cli status` and the window's Library page.

#include "library/library_database.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace clipdesk {

struct LibraryStatus {
    std::string dir;
    std::string database;
    std::string repairNotice;            // what opening repaired in the index, if anything
    std::optional<ModelIdentity> model;  // nullopt before the first index run
    std::vector<FolderStatus> folders;
    StateCounts totals;
    std::string index = "none";          // its kind, e.g. "flat"
    std::int64_t vectors = 0;
    std::vector<PathProblem> failedPhotos;  // at most maxFailures
    std::vector<PathProblem> scanProblems;
    // With check:
    // The index file held exactly the indexed photos' vectors: nothing was repaired on
    // opening, the ids match and every sampled vector is its stored embedding.
    std::optional<bool> consistent;
    std::int64_t vectorsChecked = 0;
    std::int64_t vectorsWrong = 0;
    std::string integrity;               // SQLite's integrity_check, "ok" when healthy
};

// Throws UseCaseError (LibraryEmpty) for a folder that is no library, LibraryError/SqliteError.
LibraryStatus readLibraryStatus(const std::filesystem::path& dir, std::int64_t maxFailures, bool check);

}  // namespace clipdesk
