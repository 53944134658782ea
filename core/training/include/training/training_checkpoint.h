#pragma once
// A training checkpoint folder: the model in the format every Clipdesk loader reads
// (model.safetensors with OpenAI names + config.json), the optimizer state, and where the
// run stands. Written under a temporary name and renamed when complete, so a kill never
// leaves a half-written checkpoint.

#include "clip/model/clip_model.h"

#include <torch/optim/adamw.h>

#include <cstdint>
#include <optional>
#include <string>

namespace clipdesk {

struct TrainingPosition {
    int epoch = 0;                 // the epoch in progress
    std::int64_t batchInEpoch = 0; // batches of that epoch already trained
    std::int64_t step = 0;         // optimizer steps so far
    double lossScale = 0;          // fp16 dynamic loss scale (0 when unused)
    int worldSize = 1;             // processes of the data-parallel run that wrote it
};

// Writes DIR/checkpoints/step-NNNNNNNN/ and points DIR/checkpoints/latest at it; removes
// all but the newest `keep` checkpoints. Returns the checkpoint folder.
std::string saveTrainingCheckpoint(const std::string& outDir, ClipModel& model, torch::optim::Optimizer& optimizer,
                                   const TrainingPosition& position, int keep);

// The newest complete checkpoint folder in `outDir`, if any.
std::optional<std::string> latestTrainingCheckpoint(const std::string& outDir);

// Loads model weights, optimizer state and the position from a checkpoint folder.
TrainingPosition loadTrainingCheckpoint(const std::string& checkpointDir, ClipModel& model,
                                        torch::optim::Optimizer& optimizer);

// Writes the model alone (model.safetensors + config.json) into `dir`, atomically per file.
void saveModelFolder(const std::string& dir, ClipModel& model, const std::string& name,
                     torch::ScalarType weightsDtype = torch::kFloat);

}  // namespace clipdesk
