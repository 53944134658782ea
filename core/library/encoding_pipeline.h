#pragma once
// The encoding half of an index run: worker threads read, decode, preprocess and encode
// photos (on a CPU each worker runs the image tower on its own core) into a bounded queue;
// the calling thread commits them in batches (database in one transaction, then the vector
// index), so a killed process loses at most the batch in flight.

#include "clip/clip_embedder.h"
#include "library/indexing_types.h"
#include "library/photo_library.h"
#include "library/photo_scanner.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace clipdesk {

// A photo to encode; its row exists already.
struct EncodeJob {
    std::int64_t photoId = 0;
    ScannedFile file;
    bool isNew = false;    // never indexed before: counts as added
    bool inIndex = false;  // its previous embedding is in the vector index
};

// Reports progress before the first photo (decoders not started yet) and after each batch;
// stops when `cancelled` becomes true or `report` returns false. Adds to `summary`'s counts
// and calls `fail` for each photo that could not be used. Returns the photos committed.
std::int64_t runEncodingPipeline(PhotoLibrary& library, ClipEmbedder& embedder, std::atomic<bool>& cancelled,
                                 const std::vector<EncodeJob>& jobs, const IndexOptions& options,
                                 IndexSummary& summary, const std::function<bool(const IndexProgress&)>& report,
                                 const std::function<void(const PathProblem&)>& fail);

}  // namespace clipdesk
