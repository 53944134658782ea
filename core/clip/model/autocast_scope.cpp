#include "clip/model/autocast_scope.h"

#include <ATen/autocast_mode.h>

#include <stdexcept>

namespace clipdesk {

ComputePrecision parsePrecision(const std::string& name) {
    if (name == "fp32" || name == "float32") return ComputePrecision::Float32;
    if (name == "bf16" || name == "bfloat16") return ComputePrecision::BFloat16;
    if (name == "fp16" || name == "float16") return ComputePrecision::Float16;
    if (name == "auto") return ComputePrecision::Auto;
    throw std::invalid_argument("unknown precision '" + name + "' (expected fp32, bf16, fp16 or auto)");
}

const char* precisionName(ComputePrecision p) {
    switch (p) {
        case ComputePrecision::Float32: return "fp32";
        case ComputePrecision::BFloat16: return "bf16";
        case ComputePrecision::Float16: return "fp16";
        case ComputePrecision::Auto: return "auto";
    }
    return "fp32";
}

AutocastScope::AutocastScope(ComputePrecision precision, const torch::Device& device) {
    if (precision == ComputePrecision::Float32) return;
    if (precision == ComputePrecision::Auto)
        throw std::logic_error("ComputePrecision::Auto must be resolved before computing (see precision_probe.h)");
    const auto dtype = precision == ComputePrecision::BFloat16 ? at::kBFloat16 : at::kHalf;
    cpu_ = device.is_cpu();
    if (cpu_) {
        previousEnabled_ = at::autocast::is_cpu_enabled();
        previousDtype_ = at::autocast::get_autocast_cpu_dtype();
        at::autocast::set_cpu_enabled(true);
        at::autocast::set_autocast_cpu_dtype(dtype);
    } else {
        previousEnabled_ = at::autocast::is_enabled();
        previousDtype_ = at::autocast::get_autocast_gpu_dtype();
        at::autocast::set_enabled(true);
        at::autocast::set_autocast_gpu_dtype(dtype);
    }
    active_ = true;
}

AutocastScope::~AutocastScope() {
    if (!active_) return;
    if (cpu_) {
        at::autocast::set_cpu_enabled(previousEnabled_);
        at::autocast::set_autocast_cpu_dtype(previousDtype_);
    } else {
        at::autocast::set_enabled(previousEnabled_);
        at::autocast::set_autocast_gpu_dtype(previousDtype_);
    }
    at::autocast::clear_cache();
}

}  // namespace clipdesk
