#include "library/encoding_pipeline.h"

#include "library/bounded_queue.h"
#include "library/photo_reader.h"

#include "clip/model/compute_threads.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <sched.h>
#include <thread>

namespace clipdesk {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// One photo through decoding and the image tower: its metadata and embedding, or the reason
// it could not be used.
struct EncodedResult {
    std::size_t job = 0;
    std::optional<EncodedPhoto> info;
    std::vector<float> embedding;
    std::string error;
};

// Saving costs time proportional to the index size; saving only when the last save took under
// a tenth of the time since bounds that overhead at about 10 %, and small indexes (fast to
// save) are still saved after every batch.
class IndexSaveSchedule {
public:
    bool due() const { return secondsSince(lastSave_) >= 10 * lastDuration_; }
    void saved(double duration) {
        lastSave_ = Clock::now();
        lastDuration_ = duration;
    }

private:
    Clock::time_point lastSave_ = Clock::now();
    double lastDuration_ = 0;
};

int coresAvailable() {
    cpu_set_t set;
    return sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                       : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// On a CPU every worker decodes and encodes its own photos on one core: no OpenMP
// synchronisation between cores, and the GEMMs of a small batch stay in that core's cache.
// A GPU is fed by a few decoding workers sending whole batches.
struct WorkerPlan {
    int workers = 1;
    int computeThreadsEach = 1;
    std::size_t photosPerForward = 8;
};

WorkerPlan planWorkers(const IndexOptions& options, const torch::Device& device) {
    WorkerPlan plan;
    const int cores = std::max(1, coresAvailable());
    if (device.is_cpu()) {
        plan.workers = options.workers > 0 ? options.workers : cores;
        plan.computeThreadsEach = std::max(1, cores / plan.workers);
        plan.photosPerForward = 4;  // one core, fp32: 31 images/s at 4, 29 at 8, 26 at 16
    } else {
        plan.workers = options.workers > 0 ? options.workers : std::clamp(cores / 2, 1, 4);
        plan.computeThreadsEach = torch::get_num_threads();
        plan.photosPerForward = static_cast<std::size_t>(std::max(1, options.batchSize));
    }
    return plan;
}

}  // namespace

std::int64_t runEncodingPipeline(PhotoLibrary& library, ClipEmbedder& embedder, std::atomic<bool>& cancelled,
                                 const std::vector<EncodeJob>& jobs, const IndexOptions& options,
                                 IndexSummary& summary, const std::function<bool(const IndexProgress&)>& report,
                                 const std::function<void(const PathProblem&)>& fail) {
    const auto total = static_cast<std::int64_t>(jobs.size());
    if (total == 0 || cancelled) return 0;
    const std::size_t batchSize = static_cast<std::size_t>(std::max(1, options.batchSize));
    IndexProgress progress;
    progress.phase = IndexProgress::Phase::Encoding;
    progress.total = total;
    if (!report(progress)) return 0;

    const WorkerPlan plan = planWorkers(options, embedder.device());
    BoundedQueue<EncodedResult> queue(2 * std::max(batchSize, plan.photosPerForward * plan.workers));
    std::atomic<std::size_t> next{0};
    std::atomic<int> running{plan.workers};
    const ImageDecoder& decoder = embedder.decoder();
    const ImagePreprocessor& preprocessor = embedder.preprocessor();
    const int dim = library.index()->dim();
    // Claims photosPerForward photos at a time, decodes them, encodes the ones that decoded and
    // hands every photo's result to the committing (calling) thread.
    auto encodePhotos = [&] {
        ScopedComputeThreads computeThreads(plan.computeThreadsEach);
        while (!cancelled) {
            const std::size_t first = next.fetch_add(plan.photosPerForward);
            if (first >= jobs.size()) break;
            const std::size_t last = std::min(jobs.size(), first + plan.photosPerForward);
            std::vector<EncodedResult> results(last - first);
            std::vector<torch::Tensor> pixels;
            for (std::size_t i = first; i < last; ++i) {
                EncodedResult& r = results[i - first];
                r.job = i;
                try {
                    PreparedPhoto photo = preparePhoto(jobs[i].file, decoder, preprocessor);
                    r.info = photo.info;
                    pixels.push_back(std::move(photo.pixels));
                } catch (const std::exception& e) {
                    r.error = e.what();
                }
            }
            if (!pixels.empty()) {
                try {
                    const torch::Tensor rows = embedder.embedPixels(torch::stack(pixels)).to(torch::kCPU).contiguous();
                    const float* v = rows.data_ptr<float>();
                    for (auto& r : results) {
                        if (!r.info) continue;
                        // A non-finite embedding (a model or precision fault) must not reach the
                        // index: FAISS training rejects NaN, making the library unsearchable.
                        if (std::all_of(v, v + dim, [](float x) { return std::isfinite(x); })) {
                            r.embedding.assign(v, v + dim);
                        } else {
                            r.info.reset();
                            r.error = "the model produced a non-finite embedding for this photo";
                        }
                        v += dim;
                    }
                } catch (const std::exception& e) {
                    for (auto& r : results)
                        if (r.info) r.info.reset(), r.error = std::string("encoding failed: ") + e.what();
                }
            }
            bool open = true;
            for (auto& r : results) open = open && queue.push(std::move(r));
            if (!open) break;
        }
        if (--running == 0) queue.close();  // the committing thread drains what is left, then stops
    };
    std::vector<std::thread> workers;
    struct Stopper {
        BoundedQueue<EncodedResult>& queue;
        std::vector<std::thread>& workers;
        ~Stopper() {
            queue.close();
            for (auto& w : workers) w.join();
        }
    } stopper{queue, workers};
    for (int t = 0; t < plan.workers; ++t) workers.emplace_back(encodePhotos);

    LibraryDatabase& db = library.database();
    VectorIndex& index = *library.index();
    IndexSaveSchedule saveSchedule;
    const auto encodeStart = Clock::now();
    std::int64_t received = 0;
    std::int64_t committed = 0;
    std::int64_t encoded = 0;
    std::vector<EncodedResult> batch;
    while (received < total && !cancelled) {
        auto item = queue.pop();
        if (!item) break;
        ++received;
        batch.push_back(std::move(*item));
        if (batch.size() < batchSize && received < total) continue;

        std::vector<std::int64_t> previous;
        std::vector<std::int64_t> added;
        std::vector<float> addedRows;
        {
            SqliteTransaction transaction(db.connection());
            for (std::size_t i = 0; i < batch.size(); ++i) {
                const EncodeJob& job = jobs[batch[i].job];
                if (job.inIndex) previous.push_back(job.photoId);
                if (batch[i].info) {
                    db.markIndexed(job.photoId, *batch[i].info, batch[i].embedding.data(), dim);
                    added.push_back(job.photoId);
                    addedRows.insert(addedRows.end(), batch[i].embedding.begin(), batch[i].embedding.end());
                } else {
                    db.markFailed(job.photoId, job.file.size, job.file.mtimeNs, batch[i].error);
                }
            }
            transaction.commit();
        }
        index.remove(previous);
        index.add(added, addedRows.data());
        for (const auto& r : batch) {
            const EncodeJob& job = jobs[r.job];
            if (!r.info)
                fail({job.file.path, r.error});
            else if (job.isNew)
                ++summary.added;
            else
                ++summary.updated;
        }
        encoded += static_cast<std::int64_t>(added.size());
        committed += static_cast<std::int64_t>(batch.size());
        progress.done = committed;
        progress.currentFile = jobs[batch.back().job].file.path;
        batch.clear();

        if (saveSchedule.due()) {
            const auto saveStart = Clock::now();
            library.saveIndex();
            saveSchedule.saved(secondsSince(saveStart));
        }
        const double elapsed = secondsSince(encodeStart);
        progress.imagesPerSecond = elapsed > 0 ? encoded / elapsed : 0;
        const double rate = elapsed > 0 ? committed / elapsed : 0;
        progress.etaSeconds = rate > 0 ? (total - committed) / rate : -1;
        report(progress);
    }
    const double elapsed = secondsSince(encodeStart);
    summary.imagesPerSecond = elapsed > 0 ? encoded / elapsed : 0;
    return committed;
}

}  // namespace clipdesk


