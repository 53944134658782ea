#pragma once
// What an indexing run takes and gives: options, the batches the encoding pipeline hands to
// the library, and the summary. Progress and cancelling go through base/job_control.h
// (stages Scanning: done = photos found; Encoding: done of total photos; Finishing).

#include "library/library_database.h"
#include "library/path_problem.h"
#include "library/photo_scanner.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace clipdesk {

// A folder an index run scans, as the library registered it.
struct ScanScope {
    std::int64_t folderId = 0;
    std::string path;
    bool includeHidden = false;
};

// What a run's scan changed, recorded in one transaction before encoding starts.
struct ScanRecord {
    struct Move {
        std::int64_t photoId = 0;
        std::int64_t folderId = 0;
        ScannedFile file;
    };
    struct Addition {
        std::int64_t folderId = 0;
        ScannedFile file;
    };
    struct Problems {
        std::int64_t folderId = 0;
        std::string scope;
        std::vector<PathProblem> problems;
    };
    std::vector<Move> moved;
    std::vector<Addition> added;
    std::vector<Problems> problems;  // replace what earlier scans recorded below each scope
};

// One batch of an index run as the encoding pipeline hands it over for PhotoLibrary::commit.
struct EncodedPhotoRow {
    std::int64_t photoId = 0;
    std::string path;
    bool isNew = false;      // never indexed before
    bool wasInIndex = false; // its previous embedding is in the vector index
    EncodedPhoto info;
    std::vector<float> embedding;  // the model's embedDim floats, finite
};

struct FailedPhotoRow {
    std::int64_t photoId = 0;
    ScannedFile file;
    bool wasInIndex = false;
    std::string reason;
};

struct EncodedBatch {
    std::vector<EncodedPhotoRow> encoded;
    std::vector<FailedPhotoRow> failed;
    std::size_t size() const { return encoded.size() + failed.size(); }
};

struct IndexOptions {
    int batchSize = 32;         // photos per forward pass and per transaction
    // Threads decoding and encoding photos side by side. 0: on a CPU one per core (each
    // runs the model on one core); feeding a GPU, half the cores (1 to 4).
    int workers = 0;
    bool includeHidden = false; // for the folders given to this run
    bool retryFailed = false;   // encode failed photos again even if unchanged
};

struct IndexSummary {
    std::int64_t added = 0;      // newly indexed photos
    std::int64_t updated = 0;    // re-encoded: changed on disk, or stale after a model change
    std::int64_t moved = 0;      // found at a new path; embedding kept
    std::int64_t removed = 0;    // gone from disk
    std::int64_t unchanged = 0;  // cost a stat and nothing more
    std::int64_t failed = 0;     // photos and folders that could not be used in this run
    double seconds = 0;
    double imagesPerSecond = 0;  // photos encoded per second of the encoding phase
    bool cancelled = false;
    std::vector<PathProblem> failures;
    // RAW files not indexed because the same shot is indexed from its JPEG/HEIF (scan order).
    std::vector<RawCompanion> rawCompanions;
    // Image files the scan left out because Clipdesk cannot read their format, by extension.
    std::map<std::string, std::int64_t> skippedUnsupported;
    std::string indexDescription;  // e.g. "flat", after the run
};

}  // namespace clipdesk
