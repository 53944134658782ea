#pragma once
// CLIP's text tower: a GPT-2-style causal transformer over BPE tokens. Features are taken at
// the end-of-text token after ln_final and projected into the joint embedding space.
// OpenAI's checkpoints keep these parameters at the top level of the model
// (token_embedding, positional_embedding, transformer, ln_final, text_projection); here they
// live under "text." and the checkpoint readers map the names (weights/checkpoint_names.h).

#include "clip/model/clip_config.h"
#include "clip/model/transformer.h"


namespace clipdesk {

class TextTransformerImpl : public torch::nn::Module {
public:
    TextTransformerImpl(const TextTowerConfig& config, int embedDim, Activation activation, double eps);
    // tokenIds: [batch, contextLength] int64 -> [batch, embedDim] (not normalised)
    torch::Tensor forward(const torch::Tensor& tokenIds);
    void initParameters();

    Embedding token_embedding{nullptr};
    torch::Tensor positional_embedding;  // [contextLength, width]
    Transformer transformer{nullptr};
    LayerNormFp32 ln_final{nullptr};
    torch::Tensor text_projection;       // [width, embedDim]

private:
    TextTowerConfig config_;
};
TORCH_MODULE(TextTransformer);

}  // namespace clipdesk
