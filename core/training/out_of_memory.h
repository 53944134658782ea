#pragma once
// Running out of GPU memory while training, turned into one line that says what to lower.

#include "training/training_options.h"

#include <torch/types.h>

#include <stdexcept>
#include <string>

namespace clipdesk {

class TrainingOutOfMemory : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "out of memory on cuda:0 (batch size 256, accumulation 1): lower --batch-size, or raise
// --accumulation to 2 (the same contrastive batch in smaller passes)".
std::string outOfMemoryMessage(const TrainingOptions& options, const torch::Device& device);

}  // namespace clipdesk
