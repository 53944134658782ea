#pragma once
// BERT (Devlin et al. 2019) as Chinese-CLIP's text towers use it (RoBERTa-wwm-ext, RBT3):
// token + position + token-type embeddings, then post-LayerNorm encoder layers with
// bidirectional self-attention under a padding mask and an erf-GELU feed-forward. Modules
// and parameters are named as in Hugging Face's / Chinese-CLIP's BertModel
// ("embeddings.word_embeddings.weight", "encoder.layer.0.attention.self.query.weight", ...)
// so checkpoints load by name. No pooler: Chinese-CLIP does not use it.

#include "clip/model/layers.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/normalization.h>

namespace clipdesk {

struct BertConfig {
    int vocabSize = 21128;
    int width = 768;          // hidden_size
    int layers = 12;
    int heads = 12;
    int mlpWidth = 3072;      // intermediate_size
    int maxPositions = 512;
    int typeVocabSize = 2;
    double layerNormEps = 1e-12;
};

class BertEmbeddingsImpl : public torch::nn::Module {
public:
    explicit BertEmbeddingsImpl(const BertConfig& config);
    // ids: [batch, tokens] -> [batch, tokens, width]; positions 0.., token type 0.
    torch::Tensor forward(const torch::Tensor& ids);

    Embedding word_embeddings{nullptr};
    Embedding position_embeddings{nullptr};
    Embedding token_type_embeddings{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(BertEmbeddings);

class BertSelfAttentionImpl : public torch::nn::Module {
public:
    BertSelfAttentionImpl(int width, int heads);
    // additiveMask: [batch, 1, 1, tokens], 0 for tokens to attend to, -10000 for padding.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask);

    Linear query{nullptr}, key{nullptr}, value{nullptr};

private:
    int heads_;
};
TORCH_MODULE(BertSelfAttention);

// dense, then LayerNorm(dense(x) + residual): BERT's "output" after attention and after the
// feed-forward alike.
class BertResidualOutputImpl : public torch::nn::Module {
public:
    BertResidualOutputImpl(int in, int width, double eps);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& residual);

    Linear dense{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(BertResidualOutput);

class BertAttentionImpl : public torch::nn::Module {
public:
    explicit BertAttentionImpl(const BertConfig& config);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask);

    BertSelfAttention self{nullptr};
    BertResidualOutput output{nullptr};
};
TORCH_MODULE(BertAttention);

class BertIntermediateImpl : public torch::nn::Module {
public:
    explicit BertIntermediateImpl(const BertConfig& config);
    torch::Tensor forward(const torch::Tensor& x);  // GELU(dense(x)), the erf form

    Linear dense{nullptr};
};
TORCH_MODULE(BertIntermediate);

class BertLayerImpl : public torch::nn::Module {
public:
    explicit BertLayerImpl(const BertConfig& config);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask);

    BertAttention attention{nullptr};
    BertIntermediate intermediate{nullptr};
    BertResidualOutput output{nullptr};
};
TORCH_MODULE(BertLayer);

class BertEncoderImpl : public torch::nn::Module {
public:
    explicit BertEncoderImpl(const BertConfig& config);
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& additiveMask);

    torch::nn::ModuleList layer{nullptr};
};
TORCH_MODULE(BertEncoder);

class BertModelImpl : public torch::nn::Module {
public:
    explicit BertModelImpl(const BertConfig& config);
    // ids: [batch, tokens]; attentionMask: [batch, tokens], 1 for real tokens and 0 for
    // padding -> the last hidden states [batch, tokens, width].
    torch::Tensor forward(const torch::Tensor& ids, const torch::Tensor& attentionMask);

    BertEmbeddings embeddings{nullptr};
    BertEncoder encoder{nullptr};
};
TORCH_MODULE(BertModel);

}  // namespace clipdesk
