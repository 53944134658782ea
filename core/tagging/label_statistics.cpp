#include "tagging/label_statistics.h"

#include <torch/torch.h>

#include <stdexcept>

namespace clipdesk {

void EmbeddingMoments::add(const torch::Tensor& embeddings) {
    const auto x = embeddings.to(torch::kDouble);
    if (!sum.defined()) {
        sum = torch::zeros({x.size(1)}, torch::kDouble);
        gram = torch::zeros({x.size(1), x.size(1)}, torch::kDouble);
    }
    sum += x.sum(0);
    gram.addmm_(x.t(), x);
    count += x.size(0);
}

LabelStatistics labelStatistics(const EmbeddingMoments& moments, const torch::Tensor& labelEmbeddings) {
    if (moments.count == 0) throw std::invalid_argument("label statistics need at least one photo");
    const auto t = labelEmbeddings.to(torch::kDouble);                       // [L, E]
    const auto mean = t.matmul(moments.sum) / static_cast<double>(moments.count);  // [L]
    const auto second = (t.matmul(moments.gram) * t).sum(1) / static_cast<double>(moments.count);
    const auto variance = (second - mean * mean).clamp_min(1e-8);
    return {mean.to(torch::kFloat), variance.sqrt().clamp_min(1e-4).to(torch::kFloat)};
}

}  // namespace clipdesk
