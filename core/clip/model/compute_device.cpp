#include "clip/model/compute_device.h"

#include <torch/cuda.h>

#include <stdexcept>
#include <string>

namespace clipdesk {

torch::Device resolveDevice(const std::string& name) {
    if (name == "auto") return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
    torch::Device device(torch::kCPU);
    try {
        device = torch::Device(name);
    } catch (const c10::Error&) {
        throw std::runtime_error("unknown device '" + name + "' (expected cpu, cuda, cuda:N or auto)");
    }
    if (device.is_cuda() && !torch::cuda::is_available())
        throw std::runtime_error("device '" + name + "' requested but this LibTorch build sees no CUDA GPU");
    if (device.is_cuda() && device.has_index() && device.index() >= static_cast<int>(torch::cuda::device_count()))
        throw std::runtime_error("device '" + name + "' requested but this machine has " +
                                 std::to_string(torch::cuda::device_count()) + " CUDA GPU(s), cuda:0 and up");
    return device;
}

}  // namespace clipdesk
