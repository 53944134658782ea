#pragma once

#include <torch/types.h>

#include <string>

namespace clipdesk {

// "cpu", "cuda", "cuda:N", or "auto" (CUDA when this LibTorch sees a GPU, else CPU).
// Throws std::runtime_error for an unknown name or a CUDA device that is not there.
torch::Device resolveDevice(const std::string& name);

}  // namespace clipdesk
