#pragma once

#include <torch/types.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace clipdesk {

// One batch of image–caption pairs, ready for the model.
struct TrainingBatch {
    torch::Tensor pixels;    // [B, 3, S, S] float, normalised
    torch::Tensor tokenIds;  // [B, context] int64
    torch::Tensor labels;    // [B] int64, -1 where unknown
    std::vector<std::size_t> indices;  // dataset indices, for messages and tests
};

// Where the trainer gets batches from. The data pipeline (decoding, augmentation,
// tokenisation) implements it outside this LibTorch-only library.
class TrainingBatchSource {
public:
    virtual ~TrainingBatchSource() = default;
    // Restarts at batch `firstBatch` of `epoch`; the order depends only on (seed, epoch).
    virtual void startEpoch(int epoch, std::size_t firstBatch = 0) = 0;
    virtual std::optional<TrainingBatch> next() = 0;  // nullopt at the end of the epoch
    virtual std::size_t batchesPerEpoch() const = 0;
    // The batches will be copied to `device`. For a GPU, a source may build them in pinned
    // (page-locked) host memory, so that those copies run asynchronously.
    virtual void setDestination(const torch::Device& device) { (void)device; }
};

}  // namespace clipdesk
