#pragma once
// The compute precision a model runs in (no LibTorch: option structs and the window use it).

#include <string>

namespace clipdesk {

// Auto: the fastest that agrees with fp32, resolved when a model is opened (precision_probe.h
// on a CPU, fp16 on CUDA); it never reaches an AutocastScope.
enum class ComputePrecision { Float32, BFloat16, Float16, Auto };
ComputePrecision parsePrecision(const std::string& name);  // "fp32" | "bf16" | "fp16" | "auto"
const char* precisionName(ComputePrecision p);

}  // namespace clipdesk
