#pragma once

#include "clip/model/clip_config.h"
#include "clip/weights/checkpoint_names.h"

namespace clipdesk {

// The architecture implied by tensor shapes (internal names), as OpenAI's build_model()
// does for its released files: widths from the weights, heads = width / 64, QuickGELU.
// Throws CheckpointError naming `file` for ResNet image towers or missing key tensors.
ClipConfig inferConfigFromTensors(const NamedTensors& tensors, const std::string& file);

}  // namespace clipdesk
