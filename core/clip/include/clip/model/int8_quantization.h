#pragma once
// `--precision int8`: the image tower's linear layers (attention projections and MLPs, ~97 %
// of its arithmetic) in int8 with dynamic quantisation; the patch embedding, LayerNorm,
// softmax and the output projection stay float32. It changes embeddings more than bf16 does,
// and more on trained models than on random weights (activation outliers), so it is never
// chosen automatically: the README gives its measured agreement with fp32.

#include "clip/model/clip_model.h"

#include <string>

namespace clipdesk {

// The quantised engine LibTorch offers here ("x86", "fbgemm" or "onednn"), selected for the
// process; empty when this LibTorch has none for x86 CPUs.
std::string int8QuantizedEngine();

// Quantises every linear layer of the image tower in place and releases their float32
// weights. Throws std::runtime_error when int8QuantizedEngine() is empty. Inference only.
void quantizeImageTowerToInt8(ClipModel& model);

}  // namespace clipdesk
