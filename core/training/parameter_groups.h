#pragma once
// Which parameters train, and which get weight decay. Following CLIP / open_clip, gains,
// biases, embeddings (token, positional, class) and the logit scale are not decayed.
// A locked tower's parameters are frozen (requires_grad false) and left out entirely.

#include "clip/model/clip_model.h"

#include <string>
#include <vector>

namespace clipdesk {

struct ParameterGroups {
    std::vector<torch::Tensor> decay;
    std::vector<torch::Tensor> noDecay;
    std::vector<std::string> decayNames;
    std::vector<std::string> noDecayNames;
};

bool excludedFromWeightDecay(const std::string& name, const torch::Tensor& parameter);
// Freezes the locked towers, then groups what still trains.
ParameterGroups trainableParameterGroups(ClipModel& model, bool lockImage, bool lockText);

}  // namespace clipdesk
