#include "tagging/tag_scoring.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace clipdesk {

ThresholdMethod parseThresholdMethod(const std::string& name) {
    if (name == "zscore") return ThresholdMethod::ZScore;
    if (name == "margin") return ThresholdMethod::Margin;
    if (name == "fixed") return ThresholdMethod::Fixed;
    if (name == "zmargin") return ThresholdMethod::ZMargin;
    throw std::invalid_argument("unknown threshold method \"" + name + "\" (expected zmargin, zscore, margin or fixed)");
}

const char* thresholdMethodName(ThresholdMethod method) {
    switch (method) {
        case ThresholdMethod::ZScore: return "zscore";
        case ThresholdMethod::Margin: return "margin";
        case ThresholdMethod::Fixed: return "fixed";
        case ThresholdMethod::ZMargin: return "zmargin";
    }
    return "?";
}

double defaultThreshold(ThresholdMethod method) {
    switch (method) {
        case ThresholdMethod::ZScore: return 1.25;
        case ThresholdMethod::Margin: return -0.02;
        case ThresholdMethod::Fixed: return 0.575;
        case ThresholdMethod::ZMargin: return 0.0;
    }
    return 0;
}

namespace {

// Each label's score minus the best other label's score.
torch::Tensor marginOverOthers(const torch::Tensor& scores) {
    if (scores.size(1) < 2) return scores;
    const auto top2 = std::get<0>(scores.topk(2, 1));  // [N, 2]
    const auto best = top2.select(1, 0).unsqueeze(1);
    const auto second = top2.select(1, 1).unsqueeze(1);
    // For the best label the competitor is the second best; for every other, the best.
    return torch::where(scores >= best, scores - second, scores - best);
}

}  // namespace

torch::Tensor multiLabelScores(const torch::Tensor& cosines, ThresholdMethod method, const LabelStatistics& stats) {
    switch (method) {
        case ThresholdMethod::ZMargin:
            return marginOverOthers(multiLabelScores(cosines, ThresholdMethod::ZScore, stats));
        case ThresholdMethod::ZScore:
            if (!stats.mean.defined()) throw std::invalid_argument("z-score thresholds need the labels' statistics");
            return (cosines - stats.mean.unsqueeze(0)) / stats.std.unsqueeze(0);
        case ThresholdMethod::Margin: return marginOverOthers(cosines);
        case ThresholdMethod::Fixed: return cosines;
    }
    return cosines;
}

TagScores scoreTags(const torch::Tensor& photos, const torch::Tensor& labels, const TagScoringOptions& options,
                    const LabelStatistics* stats) {
    if (photos.dim() != 2 || labels.dim() != 2 || photos.size(1) != labels.size(1))
        throw std::invalid_argument("photo and label embeddings must be [N, E] and [L, E] of the same E");
    if (labels.size(0) == 0) throw std::invalid_argument("no labels to score");
    const int64_t n = photos.size(0);
    const int64_t k = std::min<int64_t>(std::max(options.topK, 1), labels.size(0));
    TagScores out{torch::empty({n, k}, torch::kLong), torch::empty({n, k}), torch::empty({n, k}),
                  torch::empty({n, k}, torch::kBool)};
    const auto labelsT = labels.to(torch::kFloat).t().contiguous();  // [E, L]
    LabelStatistics none;
    const LabelStatistics& statistics = stats ? *stats : none;
    torch::NoGradGuard noGrad;
    const auto scoreChunk = [&](int64_t start, int64_t end) {
        auto cos = photos.slice(0, start, end).to(torch::kFloat).mm(labelsT);  // [n, L]
        torch::Tensor top, index, cosine, keep;
        if (options.mode == TagMode::Single) {
            // The softmax keeps the cosines' order, so its top k are the cosines' top k, with
            // probabilities exp(s*c - logsumexp(s*c)): no [n, L] softmax is written.
            std::tie(cosine, index) = cos.topk(k, 1);
            const auto logNormaliser = torch::logsumexp(cos.mul_(options.logitScale), 1, /*keepdim=*/true);
            top = (cosine * options.logitScale - logNormaliser).exp_();
            keep = top >= options.minProbability;
        } else {
            std::tie(top, index) = multiLabelScores(cos, options.method, statistics).topk(k, 1);
            cosine = cos.gather(1, index);
            keep = top >= options.threshold;
        }
        out.label.slice(0, start, end).copy_(index);
        out.score.slice(0, start, end).copy_(top);
        out.cosine.slice(0, start, end).copy_(cosine);
        out.keep.slice(0, start, end).copy_(keep);
    };
    // Chunks in parallel, each on one thread (a nested parallel region runs serially), so
    // that every step of a chunk (product, top-k, normaliser) runs beside another chunk's.
    const int64_t rows = std::max<int64_t>(1, options.chunkRows);
    at::parallel_for(0, (n + rows - 1) / rows, 1, [&](int64_t first, int64_t last) {
        torch::NoGradGuard threadNoGrad;
        for (int64_t c = first; c < last; ++c) scoreChunk(c * rows, std::min(n, (c + 1) * rows));
    });
    return out;
}

}  // namespace clipdesk
