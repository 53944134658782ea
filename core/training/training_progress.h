#pragma once
// What a training run reports while it runs, and how a caller (GUI, CLI) listens and stops it.

#include "training/evaluation.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace clipdesk {

struct TrainingProgress {
    int epoch = 0;
    std::int64_t step = 0;        // optimizer steps done
    std::int64_t totalSteps = 0;
    double loss = 0;              // mean over the steps since the last report
    double learningRate = 0;
    double logitScale = 0;        // exp(logit_scale)
    double samplesPerSecond = 0;
    double etaSeconds = 0;
};

struct EvaluationReport {
    int epoch = 0;
    std::int64_t step = 0;
    double validationLoss = 0;
    RetrievalRecall recall;
    std::optional<ZeroShotAccuracy> zeroShot;
};

class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual void onProgress(const TrainingProgress&) {}
    virtual void onEvaluation(const EvaluationReport&) {}
    virtual void onCheckpoint(const std::string& /*folder*/) {}
    // Polled between steps; true stops the run after saving a checkpoint to resume from.
    virtual bool stopRequested() { return false; }
};

// The JSON Lines records of the training log (and of `clipdesk-cli train`'s stdout).
nlohmann::json toJson(const TrainingProgress& p);
nlohmann::json toJson(const EvaluationReport& r, const std::vector<std::string>& classNames = {});

}  // namespace clipdesk
