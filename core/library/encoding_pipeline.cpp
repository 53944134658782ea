#include "library/encoding_pipeline.h"

#include "photo_reader.h"

#include "clip/model/compute_threads.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sched.h>

namespace clipdesk {

// One photo through decoding and the image tower: its metadata and embedding, or the reason
// it could not be used.
struct EncodingPipeline::Result {
    std::size_t job = 0;
    std::optional<EncodedPhoto> info;
    std::vector<float> embedding;
    std::string error;
};

namespace {


// On a CPU every worker decodes and encodes its own photos on one core: no OpenMP
// synchronisation between cores, and the GEMMs of a small batch stay in that core's cache.
// A GPU is fed by a few decoding workers sending whole batches.
struct WorkerPlan {
    int workers = 1;
    int computeThreadsEach = 1;
    std::size_t photosPerForward = 8;
};

WorkerPlan planWorkers(const IndexOptions& options, const torch::Device& device, const ClipConfig& config) {
    WorkerPlan plan;
    const int cores = std::max(1, coresAvailable());
    if (device.is_cpu()) {
        plan.workers = usableThreads(options.workers);
        plan.computeThreadsEach = std::max(1, cores / plan.workers);
        plan.photosPerForward = static_cast<std::size_t>(cpuImagesPerForward(config.vision));
    } else {
        plan.workers = options.workers > 0 ? usableThreads(options.workers) : std::clamp(cores / 2, 1, 4);
        plan.computeThreadsEach = torch::get_num_threads();
        plan.photosPerForward = static_cast<std::size_t>(std::max(1, options.batchSize));
    }
    return plan;
}

}  // namespace

EncodingPipeline::EncodingPipeline(ClipEmbedder& embedder, const std::vector<EncodeJob>& jobs,
                                   const IndexOptions& options, const JobControl& control)
    : embedder_(embedder), jobs_(jobs), control_(control),
      batchSize_(static_cast<std::size_t>(std::max(1, options.batchSize))), dim_(embedder.config().embedDim) {
    if (jobs_.empty()) return;
    const WorkerPlan plan = planWorkers(options, embedder.device(), embedder.config());
    queue_ = std::make_unique<BoundedQueue<Result>>(2 * std::max(batchSize_, plan.photosPerForward * plan.workers));
    running_ = plan.workers;
    for (int t = 0; t < plan.workers; ++t)
        workers_.emplace_back([this, plan] { work(plan.computeThreadsEach, plan.photosPerForward); });
}

EncodingPipeline::~EncodingPipeline() {
    if (queue_) queue_->close();
    for (auto& w : workers_) w.join();
}

// Claims photosPerForward photos at a time, decodes them, encodes the ones that decoded and
// hands every photo's result to the consuming thread.
void EncodingPipeline::work(int computeThreads, std::size_t photosPerForward) {
    ScopedComputeThreads scopedThreads(computeThreads);
    while (!control_.cancelled()) {
        const std::size_t first = nextJob_.fetch_add(photosPerForward);
        if (first >= jobs_.size()) break;
        const std::size_t last = std::min(jobs_.size(), first + photosPerForward);
        std::vector<Result> results(last - first);
        std::vector<torch::Tensor> pixels;
        for (std::size_t i = first; i < last; ++i) {
            Result& r = results[i - first];
            r.job = i;
            try {
                PreparedPhoto photo = preparePhoto(jobs_[i].file, embedder_);
                r.info = photo.info;
                pixels.push_back(std::move(photo.pixels));
            } catch (const std::exception& e) {
                r.error = e.what();
            }
        }
        if (!pixels.empty()) {
            try {
                const torch::Tensor rows = embedder_.embedPixels(torch::stack(pixels)).to(torch::kCPU).contiguous();
                const float* v = rows.data_ptr<float>();
                for (auto& r : results) {
                    if (!r.info) continue;
                    // A non-finite embedding (a model or precision fault) must not reach the
                    // index: FAISS training rejects NaN, making the library unsearchable.
                    if (std::all_of(v, v + dim_, [](float x) { return std::isfinite(x); })) {
                        r.embedding.assign(v, v + dim_);
                    } else {
                        r.info.reset();
                        r.error = "the model produced a non-finite embedding for this photo";
                    }
                    v += dim_;
                }
            } catch (const std::exception& e) {
                for (auto& r : results)
                    if (r.info) r.info.reset(), r.error = std::string("encoding failed: ") + e.what();
            }
        }
        bool open = true;
        for (auto& r : results) open = open && queue_->push(std::move(r));
        if (!open) break;
    }
    if (--running_ == 0) queue_->close();  // the consumer drains what is left, then stops
}

std::optional<EncodedBatch> EncodingPipeline::next() {
    const auto total = static_cast<std::int64_t>(jobs_.size());
    EncodedBatch batch;
    while (received_ < total && !control_.cancelled() && batch.size() < batchSize_) {
        auto item = queue_->pop();
        if (!item) break;
        ++received_;
        const EncodeJob& job = jobs_[item->job];
        if (item->info)
            batch.encoded.push_back({job.photoId, job.file.path, job.isNew, job.inIndex, *item->info, std::move(item->embedding)});
        else
            batch.failed.push_back({job.photoId, job.file, job.inIndex, std::move(item->error)});
    }
    if (batch.size() == 0) return std::nullopt;
    return batch;
}

}  // namespace clipdesk
