#pragma once

#include "clip/image/image_preprocess_config.h"
#include "clip/tokenizer/text_tokenizer.h"
#include "training/data/pair_dataset.h"
#include "training/data/random_resized_crop.h"
#include "training/training_batch.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clipdesk {

struct BatchLoaderOptions {
    int batchSize = 32;
    int threads = 2;          // decoding threads; 0 = build each batch in next(), on the caller's thread
    int prefetchBatches = 4;  // batches built ahead of the one next() returns (>= 1)
    bool shuffle = true;
    bool augment = true;      // random resized crop; otherwise inference preprocessing (resize, centre crop)
    bool dropLast = true;     // leave out the last, smaller batch
    std::uint64_t seed = 0;
    // Data-parallel training: this process builds rows [rank, rank + 1) * batchSize / ranks
    // of every batch, so that the ranks together see the batches one process would.
    int shardRank = 0;
    int shardCount = 1;
    int contextLength = 77;
    ImagePreprocessConfig preprocess;
    RandomResizedCropOptions crop;
    // Images that cannot be decoded, once per dataset index; called from next() on the caller's thread.
    std::function<void(const std::string&)> warn;
};

// The same data as `training` for evaluation: in order, no augmentation, every pair, and
// batches of at least 256 (larger batches make retrieval recall comparable across runs).
BatchLoaderOptions validationLoaderOptions(const BatchLoaderOptions& training);

// Turns dataset pairs into training batches: decoding, augmentation and tokenisation run on
// worker threads, with a bounded number of batches built ahead.
//
// Batches depend only on (seed, epoch) and the dataset, never on thread timing or the thread
// count: the epoch's order is `indices` shuffled with a generator seeded from (seed, epoch),
// and batch k holds positions [k * batchSize, (k + 1) * batchSize) of it. Each sample's crop
// and caption draw come from a generator seeded from (seed, epoch, dataset index).
//
// An image that fails to decode does not stop training: it is reported once through `warn`
// and replaced, at the same place in the batch, by the first decodable sample at position
// p + batchSize, p + batchSize + 1, ... (wrapping around) of the epoch order: one from
// another batch, so that the batch keeps its size and normally has no repeated pair.
// next() throws std::runtime_error when no image in `indices` can be decoded, and rethrows
// any other error raised while building a batch.
//
// `dataset` and `tokenizer` must outlive the loader. Not thread-safe itself: call it from one
// thread.
class BatchLoader final : public TrainingBatchSource {
public:
    // `indices`: the dataset indices to draw from (e.g. TrainValSplit::train). Throws
    // std::invalid_argument for impossible options, an index outside the dataset, or no tokenizer.
    BatchLoader(const PairDataset& dataset, std::vector<std::size_t> indices, BatchLoaderOptions options,
                std::shared_ptr<const TextTokenizer> tokenizer);
    ~BatchLoader() override;
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    // Starts `epoch` at batch `firstBatch` (0 .. batchesPerEpoch()), so that a resumed run goes
    // on exactly where it stopped. Stops whatever the previous epoch was still building.
    void startEpoch(int epoch, std::size_t firstBatch = 0) override;
    // The next batch of the epoch, nullopt at its end (and after stop()). Throws
    // std::logic_error before the first startEpoch().
    std::optional<TrainingBatch> next() override;
    std::size_t batchesPerEpoch() const override;
    // Batches for a CUDA device are built in pinned memory (from the next startEpoch()).
    void setDestination(const torch::Device& device) override;
    // Stops and joins the worker threads; next() then returns nullopt until startEpoch().
    void stop();

    // The dataset indices of epoch `epoch`, in batch order (before any replacement).
    std::vector<std::size_t> epochOrder(int epoch) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace clipdesk
