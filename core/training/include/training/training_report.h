#pragma once
// What a training run reports, as plain values (no LibTorch): the window's chart and log read
// these; training_progress.h has the full evaluation report and the JSON records.

#include <cstdint>

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

struct EvaluationSummary {
    int epoch = 0;
    std::int64_t step = 0;
    double validationLoss = 0;
    double imageToTextR1 = 0;
    double textToImageR1 = 0;
    double zeroShotTop1 = -1;     // -1 without labels
};

}  // namespace clipdesk
