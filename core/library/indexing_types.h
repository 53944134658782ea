#pragma once
// What an indexing run takes and gives: options, progress reports (and the listener through
// which the GUI follows and cancels a run), and the summary.

#include "library/path_problem.h"

#include <cstdint>
#include <string>
#include <vector>

namespace clipdesk {

struct IndexProgress {
    enum class Phase { Scanning, Encoding, Finishing };
    Phase phase = Phase::Scanning;
    std::int64_t done = 0;     // Encoding: photos encoded or failed; Scanning: photos found so far
    std::int64_t total = 0;    // Encoding: photos to encode; 0 while scanning
    std::string currentFile;   // the photo last finished, or the folder being scanned
    double imagesPerSecond = 0;
    double etaSeconds = -1;    // -1 while unknown
};

// How the GUI (or the CLI) follows and cancels a run. Called on the indexing thread.
class IndexProgressListener {
public:
    virtual ~IndexProgressListener() = default;
    // While scanning: as each folder is entered. While encoding: before the first photo and
    // after each committed batch. Returning false cancels the run; finished batches are kept.
    virtual bool onProgress(const IndexProgress& progress) = 0;
    // A photo or folder that could not be used, as soon as it is known.
    virtual void onFailure(const PathProblem& /*problem*/) {}
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
    std::string indexDescription;  // e.g. "flat", after the run
};

}  // namespace clipdesk
