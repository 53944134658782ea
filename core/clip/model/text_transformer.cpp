#include "clip/model/text_transformer.h"

#include "clip/model/compute_threads.h"
#include "model/skinny_gemm.h"

#include <torch/torch.h>

#include <cmath>
#include <optional>

namespace clipdesk {

TextTransformerImpl::TextTransformerImpl(const TextTowerConfig& config, int embedDim, Activation activation,
                                         double eps)
    : config_(config) {
    token_embedding = register_module("token_embedding", Embedding(config.vocabSize, config.width));
    positional_embedding = register_parameter("positional_embedding", torch::empty({config.contextLength, config.width}));
    transformer = register_module(
        "transformer", Transformer(config.width, config.layers, config.heads, config.mlpWidth, activation, eps));
    ln_final = register_module("ln_final", LayerNormFp32(torch::nn::LayerNormOptions({config.width}).eps(eps)));
    text_projection = register_parameter("text_projection", torch::empty({config.width, embedDim}));
}

void TextTransformerImpl::initParameters() {
    torch::NoGradGuard noGrad;
    token_embedding->weight.normal_(0.0, 0.02);
    positional_embedding.normal_(0.0, 0.01);
    text_projection.normal_(0.0, std::pow(config_.width, -0.5));
    transformer->initParameters();
}

torch::Tensor TextTransformerImpl::forward(const torch::Tensor& tokenIds) {
    TORCH_CHECK(tokenIds.dim() == 2 && tokenIds.size(1) <= config_.contextLength,
                "token ids must be [batch, <= ", config_.contextLength, "], got ", tokenIds.sizes());
    // Pool at the first end-of-text token (OpenAI: argmax of the ids, eot being the largest id).
    // Rows without one (ids given by hand) fall back to the largest id, as OpenAI does.
    const auto isEot = (tokenIds == config_.eotId);
    const auto eotPosition = torch::where(isEot.any(1), isEot.to(torch::kInt).argmax(1), tokenIds.argmax(1));
    // With the causal mask nothing after the last pooled position can reach it: drop those
    // columns (CLIP pads to 77; a typical query needs ~10). The result is the same.
    const auto length = eotPosition.max().item<int64_t>() + 1;
    const auto ids = tokenIds.slice(1, 0, length);
    // A query's handful of tokens: no operation is large enough to share between threads, and a
    // second thread only adds a barrier to every operation, which on a busy CPU waits a time
    // slice for the other core (ViT-B/32, one query, load ~3 on 2 cores: 157 ms on 2 threads,
    // 19 ms on 1).
    std::optional<ScopedComputeThreads> oneThread;
    if (ids.size(0) * length <= kSkinnyGemmMaxRows) oneThread.emplace(1);
    // The token table may be kept as stored (fp16): only the looked-up rows are converted.
    auto x = token_embedding->forward(ids).to(positional_embedding.scalar_type()) + positional_embedding.slice(0, 0, length);
    x = transformer->forward(x, /*causal=*/true);
    x = ln_final->forward(x);
    auto pooled = x.index({torch::arange(x.size(0), eotPosition.options()), eotPosition});
    return torch::matmul(pooled, text_projection);
}

}  // namespace clipdesk
