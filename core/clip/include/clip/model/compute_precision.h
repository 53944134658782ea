#pragma once
// The compute precision a model runs in (no LibTorch: option structs and the window use it).

#include <string>

namespace clipdesk {

// Auto: the fastest that agrees with fp32, resolved when a model is opened (precision_probe.h
// on a CPU, fp16 on CUDA); it never reaches an AutocastScope. Int8: the image tower's linear
// layers in int8 with dynamic quantisation, on a CPU, for inference only (int8_quantization.h);
// never chosen by Auto.
enum class ComputePrecision { Float32, BFloat16, Float16, Auto, Int8 };
ComputePrecision parsePrecision(const std::string& name);  // "fp32" | "bf16" | "fp16" | "auto" | "int8"
const char* precisionName(ComputePrecision p);

}  // namespace clipdesk
