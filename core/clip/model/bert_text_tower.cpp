#include "clip/model/bert_text_tower.h"

#include <torch/torch.h>

#include <cmath>

namespace clipdesk {

BertTextTowerImpl::BertTextTowerImpl(const BertConfig& config, int embedDim, std::int64_t padId)
    : padId_(padId), width_(config.width) {
    bert = register_module("bert", BertModel(config));
    text_projection = register_parameter("text_projection", torch::empty({config.width, embedDim}));
}

void BertTextTowerImpl::initParameters() {
    torch::NoGradGuard noGrad;
    for (auto& p : bert->named_parameters()) {
        const auto& name = p.key();
        const bool layerNorm = name.find("LayerNorm") != std::string::npos;
        const bool bias = name.size() >= 4 && name.compare(name.size() - 4, 4, "bias") == 0;
        if (layerNorm && !bias) p.value().fill_(1.0);
        else if (bias) p.value().zero_();
        else p.value().normal_(0.0, 0.02);
    }
    text_projection.normal_(0.0, std::pow(width_, -0.5));
}

torch::Tensor BertTextTowerImpl::forward(const torch::Tensor& tokenIds) {
    // Padding only ever follows the text and is masked out of attention: columns that are
    // padding in every row change nothing, so they are dropped (context 52, a query ~10).
    const auto real = tokenIds.ne(padId_);
    const auto lastReal = (real.to(torch::kLong) * torch::arange(1, tokenIds.size(1) + 1, tokenIds.options())).max();
    const auto length = std::max<int64_t>(1, lastReal.item<int64_t>());
    const auto ids = tokenIds.slice(1, 0, length);
    const auto hidden = bert(ids, real.slice(1, 0, length));
    return torch::matmul(hidden.select(1, 0), text_projection);
}

}  // namespace clipdesk
