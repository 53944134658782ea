#pragma once
// CLIP's image tower: patchify (conv without bias), prepend the class token, add positions,
// ln_pre, transformer, ln_post on the class token, project into the joint embedding space.

#include "clip/model/clip_config.h"
#include "clip/model/transformer.h"


namespace clipdesk {

class VisionTransformerImpl : public torch::nn::Module {
public:
    VisionTransformerImpl(const VisionTowerConfig& config, int embedDim, Activation activation, double eps);
    // pixels: [batch, 3, imageSize, imageSize] -> [batch, embedDim] (not normalised)
    torch::Tensor forward(const torch::Tensor& pixels);
    void initParameters();

    PatchConv conv1{nullptr};
    torch::Tensor class_embedding;       // [width]
    torch::Tensor positional_embedding;  // [grid*grid + 1, width]
    LayerNormFp32 ln_pre{nullptr};
    Transformer transformer{nullptr};
    LayerNormFp32 ln_post{nullptr};
    torch::Tensor proj;                  // [width, embedDim]

private:
    VisionTowerConfig config_;
};
TORCH_MODULE(VisionTransformer);

}  // namespace clipdesk
