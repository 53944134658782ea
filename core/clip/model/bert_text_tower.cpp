#include "clip/model/bert_text_tower.h"

#include <torch/torch.h>

namespace clipdesk {

BertTextTowerImpl::BertTextTowerImpl(const BertConfig& config, int embedDim, std::int64_t padId) : padId_(padId) {
    bert = register_module("bert", BertModel(config));
    text_projection = register_parameter("text_projection", torch::empty({config.width, embedDim}));
}

torch::Tensor BertTextTowerImpl::forward(const torch::Tensor& tokenIds) {
    const auto hidden = bert(tokenIds, tokenIds.ne(padId_));
    return torch::matmul(hidden.select(1, 0), text_projection);
}

}  // namespace clipdesk
