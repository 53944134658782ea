#pragma once

#include "clip/model/compute_precision.h"

#include <torch/types.h>

#include <cstdint>
#include <string>

namespace clipdesk {

// Hyper-parameters of contrastive training. Defaults follow CLIP (AdamW with beta2 0.98,
// eps 1e-6, decoupled weight decay 0.2, warm-up then cosine decay).
struct TrainingOptions {
    int epochs = 10;
    int batchSize = 128;           // pairs per optimizer step (the contrastive batch)
    int accumulationSteps = 1;     // micro-batches per step; the loss still sees the whole batch
    double learningRate = 5e-4;
    double weightDecay = 0.2;
    std::int64_t warmupSteps = 100;
    double beta1 = 0.9;
    double beta2 = 0.98;
    double eps = 1e-6;
    double gradClipNorm = 1.0;     // 0 = no clipping
    double maxLogitScale = 100.0;  // exp(logit_scale) is clamped to this
    std::string device = "auto";
    ComputePrecision precision = ComputePrecision::Auto;  // bf16 on CUDA, fp32 on a CPU (trainingPrecision)
    bool lockImage = false;
    bool lockText = false;
    std::uint64_t seed = 0;
    int logEvery = 10;             // steps between progress reports
    std::string outDir;            // checkpoints, log and the final model
    int keepCheckpoints = 2;
    // The dtype the final model's weights are stored in (checkpoints stay float32 to resume
    // exactly): float16 halves the file, which Clipdesk and open_clip read back.
    torch::ScalarType weightsDtype = torch::kFloat;
};

// Auto resolved for `device`: bf16 autocast on CUDA (no loss scaling needed), fp32 on a CPU.
// fp16 (CUDA) trains with dynamic loss scaling.
ComputePrecision trainingPrecision(ComputePrecision requested, const torch::Device& device);

}  // namespace clipdesk
