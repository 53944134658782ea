#include "clip/model/bert_encoder.h"

#include <torch/torch.h>

#include <cmath>

namespace clipdesk {

BertEmbeddingsImpl::BertEmbeddingsImpl(const BertConfig& config) {
    word_embeddings = register_module("word_embeddings", Embedding(config.vocabSize, config.width));
    position_embeddings = register_module("position_embeddings", Embedding(config.maxPositions, config.width));
    token_type_embeddings = register_module("token_type_embeddings", Embedding(config.typeVocabSize, config.width));
    LayerNorm = register_module(
        "LayerNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width}).eps(config.layerNormEps)));
}

torch::Tensor BertEmbeddingsImpl::forward(const torch::Tensor& ids) {
    const auto positions = torch::arange(ids.size(1), ids.options().dtype(torch::kLong));
    const auto x = word_embeddings(ids) + position_embeddings(positions).unsqueeze(0) +
                   token_type_embeddings->weight[0].view({1, 1, -1});
    return LayerNorm(x);
}

BertSelfAttentionImpl::BertSelfAttentionImpl(int width, int heads) : heads_(heads) {
    query = register_module("query", Linear(width, width));
    key = register_module("key", Linear(width, width));
    value = register_module("value", Linear(width, width));
}

torch::Tensor BertSelfAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask) {
    const auto batch = x.size(0), tokens = x.size(1), width = x.size(2);
    const auto headWidth = width / heads_;
    const auto split = [&](const torch::Tensor& t) { return t.view({batch, tokens, heads_, headWidth}).transpose(1, 2); };
    const auto q = split(query(x)), k = split(key(x)), v = split(value(x));
    auto scores = torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(static_cast<double>(headWidth));
    const auto weights = torch::softmax(scores + additiveMask, -1);
    return torch::matmul(weights, v).transpose(1, 2).reshape({batch, tokens, width});
}

BertResidualOutputImpl::BertResidualOutputImpl(int in, int width, double eps) {
    dense = register_module("dense", Linear(in, width));
    LayerNorm = register_module("LayerNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}).eps(eps)));
}

torch::Tensor BertResidualOutputImpl::forward(const torch::Tensor& x, const torch::Tensor& residual) {
    return LayerNorm(dense(x) + residual);
}

BertAttentionImpl::BertAttentionImpl(const BertConfig& config) {
    self = register_module("self", BertSelfAttention(config.width, config.heads));
    output = register_module("output", BertResidualOutput(config.width, config.width, config.layerNormEps));
}

torch::Tensor BertAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask) {
    return output(self(x, additiveMask), x);
}

BertIntermediateImpl::BertIntermediateImpl(const BertConfig& config) {
    dense = register_module("dense", Linear(config.width, config.mlpWidth));
}

torch::Tensor BertIntermediateImpl::forward(const torch::Tensor& x) {
    return torch::gelu(dense(x));  // the exact (erf) GELU, as BERT's "gelu"
}

BertLayerImpl::BertLayerImpl(const BertConfig& config) {
    attention = register_module("attention", BertAttention(config));
    intermediate = register_module("intermediate", BertIntermediate(config));
    output = register_module("output", BertResidualOutput(config.mlpWidth, config.width, config.layerNormEps));
}

torch::Tensor BertLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask) {
    const auto attended = attention(x, additiveMask);
    return output(intermediate(attended), attended);
}

BertEncoderImpl::BertEncoderImpl(const BertConfig& config) {
    layer = register_module("layer", torch::nn::ModuleList());
    for (int i = 0; i < config.layers; ++i) layer->push_back(BertLayer(config));
}

torch::Tensor BertEncoderImpl::forward(torch::Tensor x, const torch::Tensor& additiveMask) {
    for (const auto& module : *layer) x = module->as<BertLayerImpl>()->forward(x, additiveMask);
    return x;
}

BertModelImpl::BertModelImpl(const BertConfig& config) {
    embeddings = register_module("embeddings", BertEmbeddings(config));
    encoder = register_module("encoder", BertEncoder(config));
}

torch::Tensor BertModelImpl::forward(const torch::Tensor& ids, const torch::Tensor& attentionMask) {
    // BERT's extended mask: 0 where attended, -10000 on padding, broadcast over heads and queries.
    const auto additive = ((1.0 - attentionMask.to(torch::kFloat)) * -10000.0).view({ids.size(0), 1, 1, ids.size(1)});
    return encoder(embeddings(ids), additive);
}

}  // namespace clipdesk
