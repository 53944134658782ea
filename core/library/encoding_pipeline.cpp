#include "library/encoding_pipeline.h"

#include "library/bounded_queue.h"
#include "library/photo_reader.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <thread>

namespace clipdesk {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct DecodeResult {
    std::size_t job = 0;
    std::optional<PreparedPhoto> photo;
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

int decodeThreadCount(int requested) {
    if (requested > 0) return requested;
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::clamp(cores / 2, 1, 4);
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

    BoundedQueue<DecodeResult> queue(2 * batchSize);
    std::atomic<std::size_t> next{0};
    const int threadCount = decodeThreadCount(options.decodeThreads);
    std::atomic<int> running{threadCount};
    const ImageDecoder& decoder = embedder.decoder();
    const ImagePreprocessor& preprocessor = embedder.preprocessor();
    auto decodeJobs = [&] {
        for (;;) {
            const std::size_t i = next++;
            if (cancelled || i >= jobs.size()) break;
            DecodeResult result;
            result.job = i;
            try {
                result.photo = preparePhoto(jobs[i].file, decoder, preprocessor);
            } catch (const std::exception& e) {
                result.error = e.what();
            }
            if (!queue.push(std::move(result))) break;
        }
        if (--running == 0) queue.close();  // the consumer drains what is left, then stops
    };
    std::vector<std::thread> workers;
    struct Stopper {
        BoundedQueue<DecodeResult>& queue;
        std::vector<std::thread>& workers;
        ~Stopper() {
            queue.close();
            for (auto& w : workers) w.join();
        }
    } stopper{queue, workers};
    for (int t = 0; t < threadCount; ++t) workers.emplace_back(decodeJobs);

    LibraryDatabase& db = library.database();
    VectorIndex& index = *library.index();
    const int dim = index.dim();
    IndexSaveSchedule saveSchedule;
    const auto encodeStart = Clock::now();
    std::int64_t received = 0;
    std::int64_t committed = 0;
    std::int64_t encoded = 0;
    std::vector<DecodeResult> batch;
    while (received < total && !cancelled) {
        auto item = queue.pop();
        if (!item) break;
        ++received;
        batch.push_back(std::move(*item));
        if (batch.size() < batchSize && received < total) continue;

        std::vector<torch::Tensor> pixels;
        for (const auto& r : batch)
            if (r.photo) pixels.push_back(r.photo->pixels);
        torch::Tensor embeddings;
        if (!pixels.empty()) embeddings = embedder.embedPixels(torch::stack(pixels)).contiguous();
        const float* rows = pixels.empty() ? nullptr : embeddings.data_ptr<float>();
        // Each photo's embedding row; a non-finite one (a model or precision fault) must not
        // reach the index: FAISS training rejects NaN, making the library unsearchable.
        std::vector<const float*> embeddingOf(batch.size(), nullptr);
        for (std::size_t i = 0, row = 0; i < batch.size(); ++i) {
            if (!batch[i].photo) continue;
            const float* v = rows + row++ * dim;
            if (std::all_of(v, v + dim, [](float x) { return std::isfinite(x); })) {
                embeddingOf[i] = v;
            } else {
                batch[i].photo.reset();
                batch[i].error = "the model produced a non-finite embedding for this photo";
            }
        }

        std::vector<std::int64_t> previous;
        std::vector<std::int64_t> added;
        std::vector<float> addedRows;
        {
            SqliteTransaction transaction(db.connection());
            for (std::size_t i = 0; i < batch.size(); ++i) {
                const EncodeJob& job = jobs[batch[i].job];
                if (job.inIndex) previous.push_back(job.photoId);
                if (const float* v = embeddingOf[i]) {
                    db.markIndexed(job.photoId, batch[i].photo->info, v, dim);
                    added.push_back(job.photoId);
                    addedRows.insert(addedRows.end(), v, v + dim);
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
            if (!r.photo)
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


