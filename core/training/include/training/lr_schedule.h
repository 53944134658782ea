#pragma once

#include <cstdint>

namespace clipdesk {

// Linear warm-up from 0 to the base rate over `warmupSteps`, then cosine decay to 0 at
// `totalSteps` (open_clip's cosine_lr).
class WarmupCosineSchedule {
public:
    WarmupCosineSchedule(double baseRate, std::int64_t warmupSteps, std::int64_t totalSteps);
    double at(std::int64_t step) const;

private:
    double base_;
    std::int64_t warmup_;
    std::int64_t total_;
};

}  // namespace clipdesk
