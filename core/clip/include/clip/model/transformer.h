#pragma once
// Pre-LayerNorm transformer shared by both CLIP towers. Parameter names equal OpenAI's
// state-dict keys (ln_1, attn.in_proj_weight, attn.out_proj, ln_2, mlp.c_fc, mlp.c_proj),
// so an OpenAI/open_clip checkpoint loads without renaming.

#include "clip/model/clip_config.h"
#include "clip/model/layers.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace clipdesk {

// LayerNorm computed in float32 whatever the input's dtype (as OpenAI's LayerNorm subclass),
// so bf16/fp16 autocast works on LibTorch 1.13, whose CPU autocast leaves layer_norm alone.
class LayerNormFp32Impl : public torch::nn::LayerNormImpl {
public:
    using torch::nn::LayerNormImpl::LayerNormImpl;
    torch::Tensor forward(const torch::Tensor& x) {
        return torch::nn::LayerNormImpl::forward(x.to(torch::kFloat)).to(x.scalar_type());
    }
};
TORCH_MODULE(LayerNormFp32);

// Multi-head self-attention with one fused input projection, like torch.nn.MultiheadAttention.
class MultiheadSelfAttentionImpl : public torch::nn::Module {
public:
    MultiheadSelfAttentionImpl(int width, int heads);
    // x: [batch, tokens, width]; causal: mask attention to later tokens. queryTokens > 0:
    // outputs only the first queryTokens tokens (which still attend to all tokens); not
    // with causal. Returns [batch, queryTokens or tokens, width].
    torch::Tensor forward(const torch::Tensor& x, bool causal, int64_t queryTokens = 0);

    torch::Tensor in_proj_weight;  // [3*width, width]: query, key, value rows
    torch::Tensor in_proj_bias;    // [3*width]
    Linear out_proj{nullptr};
    // Set by quantizeLinearLayer (int8_quantization.h), which then releases in_proj_weight.
    std::shared_ptr<const Int8Linear> in_proj_int8;

private:
    int heads_;
};
TORCH_MODULE(MultiheadSelfAttention);

class MlpImpl : public torch::nn::Module {
public:
    MlpImpl(int width, int hiddenWidth, Activation activation);
    torch::Tensor forward(const torch::Tensor& x);

    Linear c_fc{nullptr};
    Linear c_proj{nullptr};

private:
    Activation activation_;
};
TORCH_MODULE(Mlp);

// x = x + attn(ln_1(x)); x = x + mlp(ln_2(x))
class ResidualAttentionBlockImpl : public torch::nn::Module {
public:
    ResidualAttentionBlockImpl(int width, int heads, int mlpWidth, Activation activation, double eps);
    // keepTokens > 0: compute the output of the first keepTokens tokens only (see
    // MultiheadSelfAttention::forward); the same values, less work when only they are used.
    torch::Tensor forward(const torch::Tensor& x, bool causal, int64_t keepTokens = 0);

    LayerNormFp32 ln_1{nullptr};
    MultiheadSelfAttention attn{nullptr};
    LayerNormFp32 ln_2{nullptr};
    Mlp mlp{nullptr};
};
TORCH_MODULE(ResidualAttentionBlock);

class TransformerImpl : public torch::nn::Module {
public:
    TransformerImpl(int width, int layers, int heads, int mlpWidth, Activation activation, double eps);
    // lastLayerTokens > 0: the last block computes (and the result holds) only the first
    // lastLayerTokens tokens, e.g. 1 for the vision tower's class token.
    torch::Tensor forward(torch::Tensor x, bool causal, int64_t lastLayerTokens = 0);

    torch::nn::ModuleList resblocks{nullptr};

    // open_clip's initialisation (std scaled by width and depth); the layers of the
    // constructor are allocated, not initialised (layers.h).
    void initParameters();

private:
    int width_;
    int layers_;
};
TORCH_MODULE(Transformer);

torch::Tensor quickGelu(const torch::Tensor& x);

}  // namespace clipdesk
