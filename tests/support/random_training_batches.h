#pragma once
// Batches for training tests: random pixels and distinct captions of three random tokens
// ([sot] t1 t2 t3 [eot], padded), unlabelled, drawn from torch::manual_seed(seed).

#include "clip/model/clip_config.h"
#include "training/training_batch.h"

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace clipdesk::test {

// Token ids are drawn from [1, maxToken); 0 means below the start-of-text id.
inline std::vector<TrainingBatch> randomTrainingBatches(const ClipConfig& c, int batches, int batchSize,
                                                        std::uint64_t seed, std::int64_t maxToken = 0) {
    torch::manual_seed(seed);
    const std::int64_t tokenEnd = maxToken > 0 ? maxToken : c.text.sotId;
    std::vector<TrainingBatch> out;
    for (int b = 0; b < batches; ++b) {
        TrainingBatch batch;
        batch.pixels = torch::randn({batchSize, 3, c.vision.imageSize, c.vision.imageSize});
        batch.tokenIds = torch::zeros({batchSize, c.text.contextLength}, torch::kLong);
        batch.tokenIds.select(1, 0).fill_(c.text.sotId);
        batch.tokenIds.slice(1, 1, 4).copy_(torch::randint(1, tokenEnd, {batchSize, 3}, torch::kLong));
        batch.tokenIds.select(1, 4).fill_(c.text.eotId);
        batch.labels = torch::full({batchSize}, -1, torch::kLong);
        out.push_back(batch);
    }
    return out;
}

}  // namespace clipdesk::test
