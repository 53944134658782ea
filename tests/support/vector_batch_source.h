#pragma once
// An in-memory TrainingBatchSource: the same batches every epoch, in order.

#include "training/training_batch.h"

#include <vector>

namespace clipdesk::test {

class VectorBatchSource : public TrainingBatchSource {
public:
    explicit VectorBatchSource(std::vector<TrainingBatch> batches) : batches_(std::move(batches)) {}
    void startEpoch(int, std::size_t firstBatch) override { next_ = firstBatch; }
    std::optional<TrainingBatch> next() override {
        if (next_ >= batches_.size()) return std::nullopt;
        return batches_[next_++];
    }
    std::size_t batchesPerEpoch() const override { return batches_.size(); }

private:
    std::vector<TrainingBatch> batches_;
    std::size_t next_ = 0;
};

}  // namespace clipdesk::test
