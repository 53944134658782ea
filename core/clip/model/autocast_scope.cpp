#include "clip/model/autocast_scope.h"

#include "model/torch_compat.h"

#include <stdexcept>

namespace clipdesk {

ComputePrecision parsePrecision(const std::string& name) {
    if (name == "fp32" || name == "float32") return ComputePrecision::Float32;
    if (name == "bf16" || name == "bfloat16") return ComputePrecision::BFloat16;
    if (name == "fp16" || name == "float16") return ComputePrecision::Float16;
    if (name == "auto") return ComputePrecision::Auto;
    if (name == "int8") return ComputePrecision::Int8;
    throw std::invalid_argument("unknown precision '" + name + "' (expected fp32, bf16, fp16, int8 or auto)");
}

const char* precisionName(ComputePrecision p) {
    switch (p) {
        case ComputePrecision::Float32: return "fp32";
        case ComputePrecision::BFloat16: return "bf16";
        case ComputePrecision::Float16: return "fp16";
        case ComputePrecision::Auto: return "auto";
        case ComputePrecision::Int8: return "int8";
    }
    return "fp32";
}

AutocastScope::AutocastScope(ComputePrecision precision, const torch::Device& device) {
    // Int8 layers quantise their own inputs; everything around them stays float32.
    if (precision == ComputePrecision::Float32 || precision == ComputePrecision::Int8) return;
    if (precision == ComputePrecision::Auto)
        throw std::logic_error("ComputePrecision::Auto must be resolved before computing (see precision_probe.h)");
    const auto dtype = precision == ComputePrecision::BFloat16 ? torch::kBFloat16 : torch::kHalf;
    deviceType_ = device.type();
    previousEnabled_ = torch_compat::autocastEnabled(deviceType_);
    previousDtype_ = torch_compat::autocastDtype(deviceType_);
    torch_compat::setAutocastEnabled(deviceType_, true);
    torch_compat::setAutocastDtype(deviceType_, dtype);
    active_ = true;
}

AutocastScope::~AutocastScope() {
    if (!active_) return;
    torch_compat::setAutocastEnabled(deviceType_, previousEnabled_);
    torch_compat::setAutocastDtype(deviceType_, previousDtype_);
    torch_compat::clearAutocastCache();
}

}  // namespace clipdesk
