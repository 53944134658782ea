#pragma once
// A tower's linear layers: the matrices linear() (or their int8 replacement) multiplies by,
// that is every Linear module's weight and the attention's fused in_proj_weight, each with its
// bias. The one list of them: the checkpoint loader keeps them in fp16 or quantises them as
// they load (CheckpointLoadOptions), quantizeImageTowerToInt8 quantises them after a load, and
// the embedder stores them in bf16/fp16 for autocast.

#include "clip/model/clip_model.h"
#include "clip/model/model_towers.h"

#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace clipdesk {

class Int8Linear;

struct LinearLayer {
    std::string weightName;  // the model's parameter names, e.g. "visual.transformer.resblocks.0.attn.in_proj_weight"
    std::string biasName;
    torch::Tensor* weight;   // the module's own members, valid while the model lives
    torch::Tensor* bias;
    std::shared_ptr<const Int8Linear>* int8;  // where the layer's int8 form goes (int8_quantization.h)
};

// The linear layers of the towers named that the model has, in module order.
std::vector<LinearLayer> linearLayers(ClipModel& model, ModelTowers towers);

}  // namespace clipdesk
