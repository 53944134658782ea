#include "tagging/tag_scoring.h"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>

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
    for (int64_t start = 0; start < n; start += options.chunkRows) {
        const int64_t end = std::min(n, start + options.chunkRows);
        const auto cos = photos.slice(0, start, end).to(torch::kFloat).mm(labelsT);  // [n, L]
        torch::Tensor score;
        torch::Tensor keep;
        if (options.mode == TagMode::Single) {
            score = torch::softmax(cos * options.logitScale, 1);
        } else {
            score = multiLabelScores(cos, options.method, statistics);
        }
        auto [top, index] = score.topk(k, 1);
        if (options.mode == TagMode::Single)
            keep = top >= options.minProbability;
        else
            keep = top >= options.threshold;
        out.label.slice(0, start, end).copy_(index);
        out.score.slice(0, start, end).copy_(top);
        out.cosine.slice(0, start, end).copy_(cos.gather(1, index));
        out.keep.slice(0, start, end).copy_(keep);
    }
    return out;
}

}  // namespace clipdesk
