#pragma once
// Compares what a scan found with what the library knows below the same folder, and sorts
// every photo into one of: unchanged (same path, size and mtime: it cost a stat), new,
// changed (to encode again), moved (a new path whose size and content fingerprint match a
// photo that is no longer at its old path: the embedding is kept) and removed. Fingerprints
// are computed only for new files that have the size of a vanished photo.

#include "library/library_database.h"
#include "library/photo_scanner.h"

#include <functional>
#include <optional>
#include <vector>

namespace clipdesk {

struct PhotoChange {
    PhotoRecord record;  // as the library knows it
    ScannedFile file;    // as it is now
};

struct ChangePlan {
    std::int64_t unchanged = 0;             // includes photos below unreadable folders, which are kept
    std::vector<ScannedFile> added;         // not in the library
    std::vector<PhotoChange> changed;       // to encode again: modified, never finished, stale, or failed and retried
    std::vector<PhotoChange> moved;         // same content at a new path
    std::vector<PhotoRecord> removed;       // gone from disk
};

using FingerprintFunction = std::function<std::optional<std::int64_t>(const std::string& path)>;

// `known`: the library's photos below the scanned folder. `retryFailed`: encode failed photos
// again even if unchanged.
ChangePlan planChanges(const std::vector<PhotoRecord>& known, const ScanResult& scan, bool retryFailed,
                       const FingerprintFunction& fingerprint);

}  // namespace clipdesk
