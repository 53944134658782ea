#include "training/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace clipdesk {

WarmupCosineSchedule::WarmupCosineSchedule(double baseRate, std::int64_t warmupSteps, std::int64_t totalSteps)
    : base_(baseRate), warmup_(std::max<std::int64_t>(0, warmupSteps)), total_(std::max<std::int64_t>(1, totalSteps)) {}

double WarmupCosineSchedule::at(std::int64_t step) const {
    if (step < warmup_) return base_ * static_cast<double>(step + 1) / static_cast<double>(warmup_);
    const auto decaySteps = std::max<std::int64_t>(1, total_ - warmup_);
    const double progress = std::min(1.0, static_cast<double>(step - warmup_) / static_cast<double>(decaySteps));
    return 0.5 * (1.0 + std::cos(M_PI * progress)) * base_;
}

}  // namespace clipdesk
