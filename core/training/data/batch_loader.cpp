#include "training/data/batch_loader.h"

#include "clip/image/image_preprocessor.h"
#include "data/seeded_random.h"

#include <torch/types.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <map>
#include <mutex>
#include <new>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace clipdesk {
namespace {

// Distinguish the generators drawn from one seed.
constexpr std::uint64_t kShuffleStream = 0x53485546464C45ull;  // "SHUFFLE"
constexpr std::uint64_t kSampleStream = 0x53414D504C45ull;     // "SAMPLE"

std::uint64_t asSeedValue(int value) { return static_cast<std::uint64_t>(static_cast<std::int64_t>(value)); }

void checkOptions(const BatchLoaderOptions& o) {
    const auto require = [](bool ok, const std::string& what) {
        if (!ok) throw std::invalid_argument("BatchLoader: " + what);
    };
    require(o.batchSize >= 1, "batchSize must be at least 1, got " + std::to_string(o.batchSize));
    require(o.threads >= 0, "threads must not be negative, got " + std::to_string(o.threads));
    require(o.prefetchBatches >= 1, "prefetchBatches must be at least 1, got " + std::to_string(o.prefetchBatches));
    require(o.shardCount >= 1 && o.shardRank >= 0 && o.shardRank < o.shardCount,
            "shard " + std::to_string(o.shardRank) + " of " + std::to_string(o.shardCount) + " does not exist");
    require(o.batchSize % o.shardCount == 0, "the batch of " + std::to_string(o.batchSize) +
                                                 " does not split evenly over " + std::to_string(o.shardCount) + " ranks");
    require(o.shardCount == 1 || o.dropLast, "sharded batches must all be whole (dropLast)");
    require(o.contextLength >= 1, "contextLength must be at least 1, got " + std::to_string(o.contextLength));
    require(o.crop.minScale > 0 && o.crop.minScale <= o.crop.maxScale && o.crop.maxScale <= 1,
            "crop scale must satisfy 0 < min <= max <= 1");
    require(o.crop.minRatio > 0 && o.crop.minRatio <= o.crop.maxRatio, "crop ratio must satisfy 0 < min <= max");
}

// A built batch, or the error that stopped it, with the images that had to be replaced.
struct BuiltBatch {
    TrainingBatch batch;
    std::vector<std::pair<std::size_t, std::string>> failures;  // dataset index, message
    std::exception_ptr error;
};

}  // namespace

BatchLoaderOptions validationLoaderOptions(const BatchLoaderOptions& training) {
    BatchLoaderOptions o = training;
    o.shuffle = false;
    o.augment = false;
    o.dropLast = false;
    o.batchSize = std::max(training.batchSize, 256);
    o.shardRank = 0;  // validation runs on one rank
    o.shardCount = 1;
    return o;
}

struct BatchLoader::Impl {
    Impl(const PairDataset& d, std::vector<std::size_t> i, BatchLoaderOptions o, std::shared_ptr<const TextTokenizer> t)
        : dataset(d), indices(std::move(i)), options(std::move(o)), tokenizer(std::move(t)),
          preprocessor(options.preprocess) {}

    const PairDataset& dataset;
    const std::vector<std::size_t> indices;
    const BatchLoaderOptions options;
    const std::shared_ptr<const TextTokenizer> tokenizer;
    const ImagePreprocessor preprocessor;

    // Images known not to decode, with their message (a cache: decoding them again would fail again).
    std::mutex failedMutex;
    std::unordered_map<std::size_t, std::string> failed;
    std::unordered_set<std::size_t> warned;  // consumer side

    // The epoch being served.
    bool started = false;
    int epoch = 0;
    std::vector<std::size_t> order;
    std::size_t endBatch = 0;
    std::mutex mutex;
    std::condition_variable roomForWork;
    std::condition_variable batchReady;
    std::size_t nextBatch = 0;    // the one next() returns
    std::size_t nextToBuild = 0;  // the one a worker claims next
    // Written under `mutex`; also read without it while a batch is built, to give up early.
    std::atomic<bool> stopping{false};
    std::atomic<bool> pinned{false};  // build batches in page-locked memory (for a GPU)
    std::map<std::size_t, BuiltBatch> ready;
    std::vector<std::thread> workers;

    std::vector<std::size_t> orderOf(int e) const {
        std::vector<std::size_t> out = indices;
        if (options.shuffle) {
            std::mt19937_64 rng(mixSeed({options.seed, kShuffleStream, asSeedValue(e)}));
            shuffleInPlace(out, rng);
        }
        return out;
    }

    std::size_t batchCount() const {
        const std::size_t n = indices.size();
        const std::size_t b = static_cast<std::size_t>(options.batchSize);
        return options.dropLast ? n / b : (n + b - 1) / b;
    }

    std::string failureMessage(std::size_t index, const std::exception& error) const {
        const std::string where = dataset.describe(index);
        if (const auto* decode = dynamic_cast<const ImageDecodeError*>(&error); decode && decode->path() == where)
            return where + ": " + decode->reason();
        return where + ": " + error.what();
    }

    // The image at `position` of the epoch order or, if it does not decode, its replacement.
    std::pair<std::size_t, RgbImage> decodeOrReplace(std::size_t position, BuiltBatch& built) {
        const std::size_t n = order.size();
        const std::size_t b = static_cast<std::size_t>(options.batchSize);
        for (std::size_t attempt = 0; attempt < n; ++attempt) {
            const std::size_t at = attempt == 0 ? position : (position + b + attempt - 1) % n;
            const std::size_t index = order[at];
            {
                std::lock_guard<std::mutex> lock(failedMutex);
                if (const auto known = failed.find(index); known != failed.end()) {
                    built.failures.emplace_back(index, known->second);
                    continue;
                }
            }
            std::string message;
            try {
                RgbImage image = dataset.image(index);
                if (!image.empty()) return {index, std::move(image)};
                message = dataset.describe(index) + ": the image is empty";
            } catch (const std::logic_error&) {
                throw;
            } catch (const std::bad_alloc&) {
                throw;
            } catch (const std::exception& error) {
                message = failureMessage(index, error);
            }
            {
                std::lock_guard<std::mutex> lock(failedMutex);
                failed.emplace(index, message);
            }
            built.failures.emplace_back(index, message);
        }
        throw std::runtime_error("BatchLoader: none of the " + std::to_string(n) + " images could be decoded (" +
                                 (built.failures.empty() ? std::string() : built.failures.front().second) + ")");
    }

    BuiltBatch build(int e, std::size_t k) {
        BuiltBatch built;
        try {
            const std::size_t b = static_cast<std::size_t>(options.batchSize);
            const std::size_t shard = b / static_cast<std::size_t>(options.shardCount);
            const std::size_t begin = k * b + shard * static_cast<std::size_t>(options.shardRank);
            const std::size_t count = std::min(shard, order.size() - begin);
            const int size = options.preprocess.imageSize;
            const int context = options.contextLength;
            TrainingBatch& batch = built.batch;
            // Filled through raw pointers: no LibTorch kernels (and their thread pools) in worker threads.
            const auto host = torch::TensorOptions().pinned_memory(pinned.load());
            batch.pixels = torch::empty({static_cast<std::int64_t>(count), 3, size, size}, host.dtype(torch::kFloat32));
            batch.tokenIds = torch::empty({static_cast<std::int64_t>(count), context}, host.dtype(torch::kInt64));
            batch.labels = torch::empty({static_cast<std::int64_t>(count)}, torch::kInt64);
            float* pixels = batch.pixels.data_ptr<float>();
            std::int64_t* tokens = batch.tokenIds.data_ptr<std::int64_t>();
            std::int64_t* labels = batch.labels.data_ptr<std::int64_t>();
            const std::size_t imageFloats = 3 * static_cast<std::size_t>(size) * size;
            for (std::size_t row = 0; row < count; ++row) {
                if (stopping.load(std::memory_order_relaxed)) break;  // the batch will be thrown away
                auto [index, image] = decodeOrReplace(begin + row, built);
                std::mt19937_64 rng(mixSeed({options.seed, kSampleStream, asSeedValue(e), index}));
                const RgbImage input =
                    options.augment
                        ? resizedCrop(image, randomResizedCropBox(image.width, image.height, options.crop, rng), size)
                        : preprocessor.resizeAndCrop(image);
                const torch::Tensor normalised = preprocessor.toTensor(input);
                std::memcpy(pixels + row * imageFloats, normalised.data_ptr<float>(), imageFloats * sizeof(float));
                const TokenizedText text = tokenizer->tokenize(dataset.caption(index, rng), context);
                std::copy(text.ids.begin(), text.ids.end(), tokens + row * static_cast<std::size_t>(context));
                labels[row] = dataset.label(index);
                batch.indices.push_back(index);
            }
        } catch (...) {
            built.error = std::current_exception();
        }
        return built;
    }

    void work() {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            roomForWork.wait(lock, [&] {
                return stopping || nextToBuild >= endBatch ||
                       nextToBuild < nextBatch + static_cast<std::size_t>(options.prefetchBatches);
            });
            if (stopping || nextToBuild >= endBatch) return;
            const std::size_t k = nextToBuild++;
            const int e = epoch;
            lock.unlock();
            BuiltBatch built = build(e, k);
            lock.lock();
            if (stopping) return;
            ready.emplace(k, std::move(built));
            batchReady.notify_all();
        }
    }

    void stopWorkers() {
        {
            std::lock_guard<std::mutex> lock(mutex);
            stopping = true;
        }
        roomForWork.notify_all();
        batchReady.notify_all();
        for (std::thread& worker : workers) worker.join();
        workers.clear();
        ready.clear();
    }

    // Reports each image that failed, once per dataset index.
    void warnAbout(const BuiltBatch& built) {
        for (const auto& [index, message] : built.failures)
            if (warned.insert(index).second && options.warn)
                options.warn(message + " (skipped; another sample takes its place)");
    }
};

BatchLoader::BatchLoader(const PairDataset& dataset, std::vector<std::size_t> indices, BatchLoaderOptions options,
                         std::shared_ptr<const TextTokenizer> tokenizer) {
    checkOptions(options);
    if (!tokenizer) throw std::invalid_argument("BatchLoader: no tokenizer");
    for (std::size_t index : indices)
        if (index >= dataset.size())
            throw std::invalid_argument("BatchLoader: index " + std::to_string(index) + " is outside the dataset (" +
                                        std::to_string(dataset.size()) + " pairs)");
    impl_ = std::make_unique<Impl>(dataset, std::move(indices), std::move(options), std::move(tokenizer));
}

BatchLoader::~BatchLoader() { stop(); }

void BatchLoader::startEpoch(int epoch, std::size_t firstBatch) {
    Impl& s = *impl_;
    const std::size_t batches = s.batchCount();
    if (firstBatch > batches)
        throw std::out_of_range("BatchLoader::startEpoch: batch " + std::to_string(firstBatch) + " of an epoch of " +
                                std::to_string(batches));
    s.stopWorkers();
    s.started = true;
    s.epoch = epoch;
    s.order = s.orderOf(epoch);
    s.endBatch = batches;
    s.nextBatch = firstBatch;
    s.nextToBuild = firstBatch;
    s.stopping = false;
    const std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(s.options.threads), batches - firstBatch);
    for (std::size_t t = 0; t < threads; ++t) s.workers.emplace_back([&s] { s.work(); });
}

std::optional<TrainingBatch> BatchLoader::next() {
    Impl& s = *impl_;
    if (!s.started) throw std::logic_error("BatchLoader::next: call startEpoch first");
    BuiltBatch built;
    if (s.options.threads == 0) {
        if (s.stopping || s.nextBatch >= s.endBatch) return std::nullopt;
        built = s.build(s.epoch, s.nextBatch++);
    } else {
        std::unique_lock<std::mutex> lock(s.mutex);
        if (s.nextBatch >= s.endBatch) return std::nullopt;
        s.batchReady.wait(lock, [&] { return s.stopping || s.ready.count(s.nextBatch) > 0; });
        if (s.stopping) return std::nullopt;
        auto it = s.ready.find(s.nextBatch);
        built = std::move(it->second);
        s.ready.erase(it);
        ++s.nextBatch;
        lock.unlock();
        s.roomForWork.notify_all();
    }
    s.warnAbout(built);
    if (built.error) std::rethrow_exception(built.error);
    return std::move(built.batch);
}

std::size_t BatchLoader::batchesPerEpoch() const { return impl_->batchCount(); }

void BatchLoader::setDestination(const torch::Device& device) { impl_->pinned = device.is_cuda(); }

void BatchLoader::stop() {
    if (impl_) impl_->stopWorkers();
}

std::vector<std::size_t> BatchLoader::epochOrder(int epoch) const { return impl_->orderOf(epoch); }

}  // namespace clipdesk
