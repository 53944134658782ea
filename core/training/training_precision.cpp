#include "training/training_options.h"

namespace clipdesk {

ComputePrecision trainingPrecision(ComputePrecision requested, const torch::Device& device) {
    if (requested != ComputePrecision::Auto) return requested;
    return device.is_cuda() ? ComputePrecision::BFloat16 : ComputePrecision::Float32;
}

}  // namespace clipdesk
