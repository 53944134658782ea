#include "clip/model/transformer.h"

#include "model/int8_linear.h"
#include "model/torch_compat.h"

#include <ATen/ScalarOps.h>
#include <torch/torch.h>

#include <cmath>
#include <limits>

namespace clipdesk {
namespace {

// No autograd graph is being recorded (NoGradGuard or InferenceMode): in-place kernels are safe.
bool noGrad() { return !at::GradMode::is_enabled(); }

}  // namespace

torch::Tensor quickGelu(const torch::Tensor& x) { return x * torch::sigmoid(1.702 * x); }

MultiheadSelfAttentionImpl::MultiheadSelfAttentionImpl(int width, int heads) : heads_(heads) {
    in_proj_weight = register_parameter("in_proj_weight", torch::empty({3 * width, width}));
    in_proj_bias = register_parameter("in_proj_bias", torch::empty({3 * width}));
    out_proj = register_module("out_proj", Linear(width, width));
}

torch::Tensor MultiheadSelfAttentionImpl::forward(const torch::Tensor& x, bool causal, int64_t queryTokens) {
    const auto batch = x.size(0), tokens = x.size(1), width = x.size(2);
    const auto headDim = width / heads_;
    const auto queries = queryTokens > 0 ? std::min(queryTokens, tokens) : tokens;
    TORCH_CHECK(!causal || queries == tokens, "causal attention computes every token");
    torch::Tensor q, k, v;  // [B, H, L, D] (q: [B, H, queries, D])
    if (queries == tokens || in_proj_int8) {
        // [B, L, 3W] -> 3 x [B, H, L, D]
        auto qkv = (in_proj_int8 ? in_proj_int8->forward(x) : linear(x, in_proj_weight, in_proj_bias))
                       .view({batch, tokens, 3, heads_, headDim})
                       .permute({2, 0, 3, 1, 4});
        q = qkv[0], k = qkv[1], v = qkv[2];
        if (queries < tokens) q = q.narrow(2, 0, queries);  // int8: one packed projection for all rows
    } else {
        // keys and values of every token, queries of the first `queries` tokens only
        auto kv = linear(x, in_proj_weight.narrow(0, width, 2 * width), in_proj_bias.narrow(0, width, 2 * width))
                      .view({batch, tokens, 2, heads_, headDim})
                      .permute({2, 0, 3, 1, 4});
        k = kv[0], v = kv[1];
        q = linear(x.narrow(1, 0, queries), in_proj_weight.narrow(0, 0, width), in_proj_bias.narrow(0, 0, width))
                .view({batch, queries, heads_, headDim})
                .transpose(1, 2);
    }
#if CLIPDESK_TORCH_HAS_SDPA
    // Fused kernels (flash / memory-efficient attention) where the backend has them.
    auto out = at::scaled_dot_product_attention(q, k, v, {}, 0.0, causal);
#else
    // softmax(q k^T / sqrt(d)) v as batched GEMMs over [B*H, tokens, D]. The operands are the
    // contiguous copies torch::matmul would make, so the values are those of
    // matmul(q * scale, k^T) with or without autograd; without it, the scaling is fused into
    // q's copy and the causal mask is written into the scores in place.
    const double scale = 1.0 / std::sqrt(static_cast<double>(headDim));
    const auto bh = batch * heads_;
    torch::Tensor q3;
    if (noGrad()) {
        q3 = at::empty({batch, heads_, queries, headDim}, q.options());
        at::mul_out(q3, q, at::native::wrapped_scalar_tensor(scale, q.device()));  // as q * scale
        q3 = q3.view({bh, queries, headDim});
    } else {
        q3 = (q * scale).reshape({bh, queries, headDim});
    }
    auto scores = at::bmm(q3, k.transpose(-2, -1).reshape({bh, headDim, tokens}));
    if (causal) {
        auto mask = torch::ones({tokens, tokens}, torch::TensorOptions().dtype(torch::kBool).device(x.device())).triu(1);
        scores = noGrad() ? scores.masked_fill_(mask, -std::numeric_limits<float>::infinity())
                          : scores.masked_fill(mask, -std::numeric_limits<float>::infinity());
    }
    auto out = at::bmm(torch::softmax(scores, -1), v.reshape({bh, tokens, headDim})).view({batch, heads_, queries, headDim});
#endif
    return out_proj->forward(out.transpose(1, 2).reshape({batch, queries, width}));
}

MlpImpl::MlpImpl(int width, int hiddenWidth, Activation activation) : activation_(activation) {
    c_fc = register_module("c_fc", Linear(width, hiddenWidth));
    c_proj = register_module("c_proj", Linear(hiddenWidth, width));
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
    auto h = c_fc->forward(x);
    if (activation_ != Activation::QuickGelu)
        h = torch::gelu(h);
    else if (noGrad())
        h = h.mul(1.702).sigmoid_().mul_(h);  // quickGelu's values with one buffer instead of three
    else
        h = quickGelu(h);
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

torch::Tensor ResidualAttentionBlockImpl::forward(const torch::Tensor& x, bool causal, int64_t keepTokens) {
    const bool all = keepTokens <= 0 || keepTokens >= x.size(1);
    auto h = (all ? x : x.narrow(1, 0, keepTokens)) + attn->forward(ln_1->forward(x), causal, all ? 0 : keepTokens);
    return h + mlp->forward(ln_2->forward(h));
}

TransformerImpl::TransformerImpl(int width, int layers, int heads, int mlpWidth, Activation activation, double eps)
    : width_(width), layers_(layers) {
    resblocks = register_module("resblocks", torch::nn::ModuleList());
    for (int i = 0; i < layers; ++i)
        resblocks->push_back(ResidualAttentionBlock(width, heads, mlpWidth, activation, eps));
}

torch::Tensor TransformerImpl::forward(torch::Tensor x, bool causal, int64_t lastLayerTokens) {
    const size_t n = resblocks->size();
    for (size_t i = 0; i < n; ++i)
        x = resblocks->ptr(i)->as<ResidualAttentionBlock>()->forward(x, causal, i + 1 == n ? lastLayerTokens : 0);
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
