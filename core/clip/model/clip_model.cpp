#include "clip/model/clip_model.h"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

namespace clipdesk {

namespace {

BertConfig bertConfig(const TextTowerConfig& text) {
    BertConfig c;
    c.vocabSize = text.vocabSize;
    c.width = text.width;
    c.layers = text.layers;
    c.heads = text.heads;
    c.mlpWidth = text.mlpWidth;
    c.maxPositions = text.maxPositions;
    c.typeVocabSize = text.typeVocabSize;
    c.layerNormEps = text.bertLayerNormEps;
    return c;
}

}  // namespace

torch::Tensor l2Normalize(const torch::Tensor& x) {
    return x / x.norm(2, -1, /*keepdim=*/true).clamp_min(1e-12);
}

ClipModelImpl::ClipModelImpl(const ClipConfig& config, ModelTowers towers, ParameterInit init) : config_(config) {
    config.validate(config.name.empty() ? "model configuration" : config.name);
    if (towers.image)
        visual = register_module("visual",
                                 VisionTransformer(config.vision, config.embedDim, config.activation, config.layerNormEps));
    if (towers.text && config.text.kind == TextTowerKind::Bert)
        bertText = register_module("text", BertTextTower(bertConfig(config.text), config.embedDim, config.text.padId));
    else if (towers.text)
        text = register_module("text", TextTransformer(config.text, config.embedDim, config.activation, config.layerNormEps));
    logit_scale = register_parameter("logit_scale", torch::empty({}));
    if (init == ParameterInit::Random) initParameters();
}

void ClipModelImpl::initParameters() {
    if (visual) visual->initParameters();
    if (text) text->initParameters();
    if (bertText) bertText->initParameters();
    torch::NoGradGuard noGrad;
    logit_scale.fill_(std::log(1.0 / 0.07));
}

torch::Tensor ClipModelImpl::encodeImage(const torch::Tensor& pixels) {
    if (!visual) throw std::logic_error("this model was loaded without its image tower");
    return visual->forward(pixels);
}

torch::Tensor ClipModelImpl::encodeText(const torch::Tensor& tokenIds) {
    if (bertText) return bertText->forward(tokenIds);
    if (!text) throw std::logic_error("this model was loaded without its text tower");
    return text->forward(tokenIds);
}
torch::Tensor ClipModelImpl::embedImage(const torch::Tensor& pixels) { return l2Normalize(encodeImage(pixels)); }
torch::Tensor ClipModelImpl::embedText(const torch::Tensor& tokenIds) { return l2Normalize(encodeText(tokenIds)); }

torch::Tensor ClipModelImpl::logitsPerImage(const torch::Tensor& imageEmbeddings, const torch::Tensor& textEmbeddings) {
    return logit_scale.exp() * torch::matmul(imageEmbeddings, textEmbeddings.t());
}

}  // namespace clipdesk
