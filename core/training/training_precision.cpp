#include "training/training_options.h"

#include <stdexcept>

namespace clipdesk {

ComputePrecision trainingPrecision(ComputePrecision requested, const torch::Device& device) {
    if (requested == ComputePrecision::Int8)
        throw std::invalid_argument("int8 is an inference precision (indexing); train in fp32, bf16 or fp16");
    if (requested != ComputePrecision::Auto) return requested;
    return device.is_cuda() ? ComputePrecision::BFloat16 : ComputePrecision::Float32;
}

}  // namespace clipdesk
