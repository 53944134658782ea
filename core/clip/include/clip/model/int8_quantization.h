#pragma once
// `--precision int8`: the image tower's linear layers (attention projections and MLPs, ~97 %
// of its arithmetic) in int8 with dynamic quantisation; the patch embedding, LayerNorm,
// softmax and the output projection stay float32. It changes embeddings more than bf16 does,
// and more on trained models than on random weights (activation outliers), so it is never
// chosen automatically: the README gives its measured agreement with fp32.

#include "clip/model/clip_model.h"
#include "clip/model/linear_layers.h"

#include <string>

namespace clipdesk {

// The quantised engine LibTorch offers here ("x86", "fbgemm" or "onednn"), selected for the
// process; empty when this LibTorch has none for x86 CPUs.
std::string int8QuantizedEngine();

// Throws std::runtime_error naming this LibTorch when int8QuantizedEngine() is empty.
void requireInt8Engine();

// Gives `layer` its int8 form, quantised from `weight` (its weight's values, float32) and its
// bias, and releases the layer's weight. The checkpoint loader calls it as each layer loads
// (CheckpointLoadOptions::imageLinearWeights); int8QuantizedEngine() must not be empty.
void quantizeLinearLayer(const LinearLayer& layer, const torch::Tensor& weight);

// Quantises every linear layer of a loaded image tower in place and releases their float32
// weights. Throws std::runtime_error when int8QuantizedEngine() is empty. Inference only.
void quantizeImageTowerToInt8(ClipModel& model);

}  // namespace clipdesk
