#pragma once
// What a training run reports while it runs and how a caller (GUI, CLI) listens; stopping
// goes through base/job_control.h.

#include "training/evaluation.h"
#include "training/training_report.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace clipdesk {

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
};

// The JSON Lines records of the training log (and of `clipdesk-cli train`'s stdout).
nlohmann::json toJson(const TrainingProgress& p);
nlohmann::json toJson(const EvaluationReport& r, const std::vector<std::string>& classNames = {});
// The figures the window charts.
EvaluationSummary summarise(const EvaluationReport& r);

}  // namespace clipdesk
