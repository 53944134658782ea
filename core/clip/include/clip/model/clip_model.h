#pragma once
// The CLIP dual encoder: image tower, text tower and the learned temperature, stored as a log
// (Radford et al. 2021, section 2.5). Embeddings are L2-normalised; similarity is
// cosine * exp(logit_scale).

#include "clip/model/bert_text_tower.h"
#include "clip/model/clip_config.h"
#include "clip/model/model_towers.h"
#include "clip/model/text_transformer.h"
#include "clip/model/vision_transformer.h"

namespace clipdesk {

// Random: open_clip's initialisation (training from scratch). None: allocated only, for a
// checkpoint to fill every parameter.
enum class ParameterInit { Random, None };

class ClipModelImpl : public torch::nn::Module {
public:
    // Only the towers named are built; the other stays null and encoding with it throws.
    explicit ClipModelImpl(const ClipConfig& config, ModelTowers towers = ModelTowers::both(),
                           ParameterInit init = ParameterInit::Random);

    // Projected features, not normalised.
    torch::Tensor encodeImage(const torch::Tensor& pixels);
    torch::Tensor encodeText(const torch::Tensor& tokenIds);

    // L2-normalised embeddings.
    torch::Tensor embedImage(const torch::Tensor& pixels);
    torch::Tensor embedText(const torch::Tensor& tokenIds);

    // [images, texts] logits = exp(logit_scale) * cosine; the text-side logits are the transpose.
    torch::Tensor logitsPerImage(const torch::Tensor& imageEmbeddings, const torch::Tensor& textEmbeddings);

    const ClipConfig& config() const { return config_; }
    ModelTowers towers() const { return {!visual.is_empty(), !text.is_empty() || !bertText.is_empty()}; }
    void initParameters();

    VisionTransformer visual{nullptr};
    // One text tower, by config.text.kind, registered as "text" either way.
    TextTransformer text{nullptr};
    BertTextTower bertText{nullptr};
    torch::Tensor logit_scale;  // scalar, log of the temperature's inverse

private:
    ClipConfig config_;
};
TORCH_MODULE(ClipModel);

torch::Tensor l2Normalize(const torch::Tensor& x);

}  // namespace clipdesk
