#pragma once
// Chinese-CLIP's text tower (Yang et al. 2022): a BERT encoder over WordPiece tokens; the
// feature is the last hidden state of [CLS] (position 0) times text_projection. Padding
// ([PAD] = 0) is masked out of attention. Parameters are named as in Chinese-CLIP's
// checkpoints once their "module." prefix is dropped: "bert.embeddings...", "text_projection".

#include "clip/model/bert_encoder.h"

namespace clipdesk {

class BertTextTowerImpl : public torch::nn::Module {
public:
    BertTextTowerImpl(const BertConfig& config, int embedDim, std::int64_t padId = 0);
    // tokenIds: [batch, contextLength] int64 -> [batch, embedDim] (not normalised)
    torch::Tensor forward(const torch::Tensor& tokenIds);
    // BERT's initialisation (normal(0, 0.02) weights, zero biases, unit LayerNorms) and
    // Chinese-CLIP's normal(0, width^-0.5) projection: for training from scratch.
    void initParameters();

    BertModel bert{nullptr};
    torch::Tensor text_projection;  // [width, embedDim]

private:
    std::int64_t padId_;
    int width_;
};
TORCH_MODULE(BertTextTower);

}  // namespace clipdesk
