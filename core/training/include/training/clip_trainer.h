#pragma once
// Contrastive fine-tuning (or training from scratch) of a CLIP model: CLIP's symmetric
// InfoNCE, AdamW without decay on gains/biases/embeddings/temperature, warm-up + cosine
// schedule, gradient clipping, accumulation that keeps the whole batch in the loss,
// autocast, locked towers, evaluation each epoch, checkpoints that resume exactly.

#include "base/job_control.h"
#include "clip/model/clip_model.h"
#include "training/distributed/data_parallel_group.h"
#include "training/evaluation.h"
#include "training/loss_scaler.h"
#include "training/lr_schedule.h"
#include "training/training_batch.h"
#include "training/training_checkpoint.h"
#include "training/training_options.h"
#include "training/training_progress.h"

#include <torch/optim/adamw.h>

#include <fstream>
#include <memory>
#include <optional>

namespace clipdesk {

struct TrainingSummary {
    std::int64_t steps = 0;
    double seconds = 0;
    bool stopped = false;  // cancelled through the JobControl
    std::optional<EvaluationReport> lastEvaluation;
};

class ClipTrainer {
public:
    // With `group`, this process is one rank of a data-parallel run: `train` yields this rank's
    // rows of each batch (options.batchSize / worldSize of them); the loss sees every rank's
    // features, gradients are averaged over the ranks, so that the weights stay identical on all
    // ranks and equal those of one process with the whole batch. Only rank 0 evaluates, logs,
    // reports to the observer and writes checkpoints.
    ClipTrainer(ClipModel model, TrainingOptions options, TrainingBatchSource& train,
                TrainingBatchSource* validation = nullptr, std::optional<ZeroShotTask> zeroShot = std::nullopt,
                std::shared_ptr<DataParallelGroup> group = nullptr);

    // Continues from the newest checkpoint in options.outDir; false if there is none. Throws
    // std::runtime_error when it was written by a run with another number of ranks.
    bool resume();
    // `control` (optional) hears Training progress (steps of the whole run) and stops the run
    // after the step in flight, saving a checkpoint to resume from.
    TrainingSummary run(TrainingObserver& observer, const JobControl* control = nullptr);
    // Runs validation now (also done at the end of each epoch).
    EvaluationReport evaluate();

    // One optimizer step on `batch` (the learning rate is the caller's; run() sets it).
    double step(const TrainingBatch& batch);
    // Zeroes and computes the gradients of the batch loss without stepping (averaged over the
    // ranks of a data-parallel run); returns the loss.
    double accumulateGradients(const TrainingBatch& batch);

    std::int64_t totalSteps() const;
    const TrainingPosition& position() const { return position_; }
    torch::Device device() const { return device_; }
    ComputePrecision precision() const { return options_.precision; }  // Auto resolved for the device
    ClipModel& model() { return model_; }

private:
    torch::Tensor embedImages(const torch::Tensor& pixels, bool withGrad);
    torch::Tensor embedTexts(const torch::Tensor& ids, bool withGrad);
    // The contrastive loss of this batch's features; across the ranks of a data-parallel run.
    torch::Tensor batchLoss(const torch::Tensor& images, const torch::Tensor& texts, const torch::Tensor& logitScale);
    bool leader() const { return !group_ || group_->isLeader(); }
    int ranks() const { return group_ ? group_->worldSize() : 1; }
    void log(const nlohmann::json& record);

    ClipModel model_;
    TrainingOptions options_;
    TrainingBatchSource& train_;
    TrainingBatchSource* validation_;
    std::optional<ZeroShotTask> zeroShot_;
    std::shared_ptr<DataParallelGroup> group_;
    torch::Device device_{torch::kCPU};
    std::vector<torch::Tensor> trainable_;
    std::unique_ptr<torch::optim::AdamW> optimizer_;
    std::unique_ptr<WarmupCosineSchedule> schedule_;
    LossScaler scaler_;
    TrainingPosition position_;
    std::ofstream log_;
};

}  // namespace clipdesk
