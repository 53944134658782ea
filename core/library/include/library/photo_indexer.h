#pragma once
// Indexing: scan the library's folders, work out what changed (change_detector.h), apply
// removals and moves, then encode new and changed photos (encoding_pipeline.h), keeping
// database and vector index in step.
//
// The vector index file is saved after a batch whenever saving has cost under a tenth of the
// time since the last save (every batch for small libraries). The database is the source of
// truth: if the process dies in between, the next open catches the index up.

#include "base/job_control.h"
#include "clip/clip_embedder.h"
#include "library/encoding_pipeline.h"
#include "library/indexing_types.h"
#include "library/photo_library.h"

#include <atomic>
#include <string>
#include <vector>

namespace clipdesk {

class PhotoIndexer {
public:
    // `modelPath` is what the embedder was opened from; it is stored as the library's model.
    PhotoIndexer(PhotoLibrary& library, ClipEmbedder& embedder, std::string modelPath);

    // Scans `folders` (adding them to the library) or, when empty, every folder of the library.
    // Throws std::runtime_error naming a given folder that does not exist. `control` hears
    // Scanning (while walking, done = photos found so far; once per folder of the run when its
    // scan is complete, with total = done and etaSeconds 0), Encoding and Finishing progress
    // and each photo that failed; cancelling it
    // stops the run after the batch in flight (finished batches are kept).
    IndexSummary run(const std::vector<std::string>& folders, const IndexOptions& options,
                     const JobControl& control);

private:
    std::int64_t encode(const std::vector<EncodeJob>& jobs, const IndexOptions& options, const JobControl& control,
                        IndexSummary& summary);

    PhotoLibrary& library_;
    ClipEmbedder& embedder_;
    std::string modelPath_;
};

}  // namespace clipdesk
