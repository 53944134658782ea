#pragma once
// Reduced-precision compute through LibTorch's autocast; weights stay float32.

#include "clip/model/compute_precision.h"

#include <torch/types.h>

namespace clipdesk {

// Enables autocast to bf16/fp16 on `device` for its lifetime (nothing for fp32) and
// restores the previous state afterwards.
class AutocastScope {
public:
    AutocastScope(ComputePrecision precision, const torch::Device& device);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool active_ = false;
    c10::DeviceType deviceType_ = c10::DeviceType::CPU;
    bool previousEnabled_ = false;
    torch::ScalarType previousDtype_ = torch::kFloat;
};

}  // namespace clipdesk
