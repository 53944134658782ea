#include "clip/model/transformer.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <cmath>

namespace clipdesk {

torch::Tensor quickGelu(const torch::Tensor& x) { return x * torch::sigmoid(1.702 * x); }

MultiheadSelfAttentionImpl::MultiheadSelfAttentionImpl(int width, int heads) : heads_(heads) {
    in_proj_weight = register_parameter("in_proj_weight", torch::empty({3 * width, width}));
    in_proj_bias = register_parameter("in_proj_bias", torch::zeros({3 * width}));
    out_proj = register_module("out_proj", torch::nn::Linear(width, width));
    torch::nn::init::xavier_uniform_(in_proj_weight);
}

torch::Tensor MultiheadSelfAttentionImpl::forward(const torch::Tensor& x, bool causal) {
    const auto batch = x.size(0), tokens = x.size(1), width = x.size(2);
    const auto headDim = width / heads_;
    // [B, L, 3W] -> 3 x [B, H, L, D]
    auto qkv = torch::nn::functional::linear(x, in_proj_weight, in_proj_bias)
                   .view({batch, tokens, 3, heads_, headDim})
                   .permute({2, 0, 3, 1, 4});
    auto q = qkv[0], k = qkv[1], v = qkv[2];
#if TORCH_VERSION_MAJOR >= 2
    // Fused kernels (flash / memory-efficient attention) where the backend has them.
    auto out = at::scaled_dot_product_attention(q, k, v, {}, 0.0, causal);
#else
    auto scores = torch::matmul(q * (1.0 / std::sqrt(static_cast<double>(headDim))), k.transpose(-2, -1));
    if (causal) {
        auto mask = torch::ones({tokens, tokens}, torch::TensorOptions().dtype(torch::kBool).device(x.device()))
                        .triu(1);
        scores = scores.masked_fill(mask, -std::numeric_limits<float>::infinity());
    }
    auto out = torch::matmul(torch::softmax(scores, -1), v);
#endif
    return out_proj->forward(out.transpose(1, 2).reshape({batch, tokens, width}));
}

MlpImpl::MlpImpl(int width, int hiddenWidth, Activation activation) : activation_(activation) {
    c_fc = register_module("c_fc", torch::nn::Linear(width, hiddenWidth));
    c_proj = register_module("c_proj", torch::nn::Linear(hiddenWidth, width));
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
    auto h = c_fc->forward(x);
    h = activation_ == Activation::QuickGelu ? quickGelu(h) : torch::gelu(h);
    return c_proj->forward(h);
}

ResidualAttentionBlockImpl::ResidualAttentionBlockImpl(int width, int heads, int mlpWidth, Activation activation,
                                                       double eps) {
    auto lnOptions = torch::nn::LayerNormOptions({width}).eps(eps);
    ln_1 = register_module("ln_1", LayerNormFp32(lnOptions));
    attn = register_module("attn", MultiheadSelfAttention(width, heads));
    ln_2 = register_module("ln_2", LayerNormFp32(lnOptions));
    mlp = register_module("mlp", Mlp(width, mlpWidth, activation));
}

torch::Tensor ResidualAttentionBlockImpl::forward(const torch::Tensor& x, bool causal) {
    auto h = x + attn->forward(ln_1->forward(x), causal);
    return h + mlp->forward(ln_2->forward(h));
}

TransformerImpl::TransformerImpl(int width, int layers, int heads, int mlpWidth, Activation activation, double eps)
    : width_(width), layers_(layers) {
    resblocks = register_module("resblocks", torch::nn::ModuleList());
    for (int i = 0; i < layers; ++i)
        resblocks->push_back(ResidualAttentionBlock(width, heads, mlpWidth, activation, eps));
}

torch::Tensor TransformerImpl::forward(torch::Tensor x, bool causal) {
    for (const auto& block : *resblocks) x = block->as<ResidualAttentionBlock>()->forward(x, causal);
    return x;
}

void TransformerImpl::initParameters() {
    torch::NoGradGuard noGrad;
    const double projStd = std::pow(width_, -0.5) * std::pow(2.0 * layers_, -0.5);
    const double attnStd = std::pow(width_, -0.5);
    const double fcStd = std::pow(2.0 * width_, -0.5);
    for (const auto& module : *resblocks) {
        auto block = module->as<ResidualAttentionBlock>();
        torch::nn::init::normal_(block->attn->in_proj_weight, 0.0, attnStd);
        block->attn->in_proj_bias.zero_();
        torch::nn::init::normal_(block->attn->out_proj->weight, 0.0, projStd);
        block->attn->out_proj->bias.zero_();
        torch::nn::init::normal_(block->mlp->c_fc->weight, 0.0, fcStd);
        block->mlp->c_fc->bias.zero_();
        torch::nn::init::normal_(block->mlp->c_proj->weight, 0.0, projStd);
        block->mlp->c_proj->bias.zero_();
    }
}

}  // namespace clipdesk
