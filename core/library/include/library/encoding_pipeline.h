#pragma once
// The encoding half of an index run: worker threads read, decode, preprocess and encode
// photos (on a CPU each worker runs the image tower on its own core) into a bounded queue;
// the caller takes them back in batches (next()) and hands each batch to
// PhotoLibrary::commit, so a killed process loses at most the batch in flight.

#include "base/bounded_queue.h"
#include "base/job_control.h"
#include "clip/clip_embedder.h"
#include "library/indexing_types.h"
#include "library/photo_scanner.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

namespace clipdesk {

// A photo to encode; its row exists already.
struct EncodeJob {
    std::int64_t photoId = 0;
    ScannedFile file;
    bool isNew = false;    // never indexed before: counts as added
    bool inIndex = false;  // its previous embedding is in the vector index
};

class EncodingPipeline {
public:
    // Starts the workers; `jobs` and `control` must outlive the pipeline. Cancelling through
    // `control` stops the workers after the photos in flight.
    EncodingPipeline(ClipEmbedder& embedder, const std::vector<EncodeJob>& jobs, const IndexOptions& options,
                     const JobControl& control);
    ~EncodingPipeline();  // stops and joins the workers
    EncodingPipeline(const EncodingPipeline&) = delete;
    EncodingPipeline& operator=(const EncodingPipeline&) = delete;

    // The next options.batchSize photos (fewer at the end), each encoded or failed with its
    // reason; nullopt once every photo was returned or the run was cancelled.
    std::optional<EncodedBatch> next();

private:
    struct Result;
    void work(int computeThreads, std::size_t photosPerForward);

    ClipEmbedder& embedder_;
    const std::vector<EncodeJob>& jobs_;
    const JobControl& control_;
    std::size_t batchSize_ = 1;
    int dim_ = 0;
    std::int64_t received_ = 0;
    std::atomic<std::size_t> nextJob_{0};
    std::atomic<int> running_{0};
    std::unique_ptr<BoundedQueue<Result>> queue_;
    std::vector<std::thread> workers_;
};

}  // namespace clipdesk
