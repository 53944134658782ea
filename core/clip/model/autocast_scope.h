#pragma once
// Reduced-precision compute through LibTorch's autocast; weights stay float32.

#include <torch/types.h>

#include <string>

namespace clipdesk {

// Auto: the fastest that agrees with fp32, resolved when a model is opened (precision_probe.h
// on a CPU, fp16 on CUDA); it never reaches an AutocastScope.
enum class ComputePrecision { Float32, BFloat16, Float16, Auto };
ComputePrecision parsePrecision(const std::string& name);  // "fp32" | "bf16" | "fp16" | "auto"
const char* precisionName(ComputePrecision p);

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
