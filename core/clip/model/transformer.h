#pragma once
// Pre-LayerNorm transformer shared by both CLIP towers. Parameter names equal OpenAI's
// state-dict keys (ln_1, attn.in_proj_weight, attn.out_proj, ln_2, mlp.c_fc, mlp.c_proj),
// so an OpenAI/open_clip checkpoint loads without renaming.

#include "clip/model/clip_config.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>
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
    // x: [batch, tokens, width]; causal: mask attention to later tokens.
    torch::Tensor forward(const torch::Tensor& x, bool causal);

    torch::Tensor in_proj_weight;  // [3*width, width]: query, key, value rows
    torch::Tensor in_proj_bias;    // [3*width]
    torch::nn::Linear out_proj{nullptr};

private:
    int heads_;
};
TORCH_MODULE(MultiheadSelfAttention);

class MlpImpl : public torch::nn::Module {
public:
    MlpImpl(int width, int hiddenWidth, Activation activation);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear c_fc{nullptr};
    torch::nn::Linear c_proj{nullptr};

private:
    Activation activation_;
};
TORCH_MODULE(Mlp);

// x = x + attn(ln_1(x)); x = x + mlp(ln_2(x))
class ResidualAttentionBlockImpl : public torch::nn::Module {
public:
    ResidualAttentionBlockImpl(int width, int heads, int mlpWidth, Activation activation, double eps);
    torch::Tensor forward(const torch::Tensor& x, bool causal);

    LayerNormFp32 ln_1{nullptr};
    MultiheadSelfAttention attn{nullptr};
    LayerNormFp32 ln_2{nullptr};
    Mlp mlp{nullptr};
};
TORCH_MODULE(ResidualAttentionBlock);

class TransformerImpl : public torch::nn::Module {
public:
    TransformerImpl(int width, int layers, int heads, int mlpWidth, Activation activation, double eps);
    torch::Tensor forward(torch::Tensor x, bool causal);

    torch::nn::ModuleList resblocks{nullptr};

    // open_clip's initialisation (std scaled by width and depth).
    void initParameters();

private:
    int width_;
    int layers_;
};
TORCH_MODULE(Transformer);

torch::Tensor quickGelu(const torch::Tensor& x);

}  // namespace clipdesk
