#include "tagging/multi_label_metrics.h"

#include <torch/torch.h>

#include <stdexcept>

namespace clipdesk {

MultiLabelMetrics multiLabelMetrics(const torch::Tensor& scores, const torch::Tensor& truth, double threshold) {
    if (scores.sizes() != truth.sizes()) throw std::invalid_argument("scores and truth differ in shape");
    const auto predicted = (scores >= threshold).to(torch::kDouble);
    const auto actual = truth.to(torch::kDouble);
    const auto tp = (predicted * actual).sum(0);
    const auto precision = tp / predicted.sum(0).clamp_min(1);
    const auto recall = tp / actual.sum(0).clamp_min(1);
    const auto f1 = torch::where(tp > 0, 2 * precision * recall / (precision + recall).clamp_min(1e-12),
                                 torch::zeros_like(tp));
    MultiLabelMetrics m;
    m.threshold = threshold;
    m.macroPrecision = precision.mean().item<double>();
    m.macroRecall = recall.mean().item<double>();
    m.macroF1 = f1.mean().item<double>();
    const auto f = f1.contiguous();
    m.f1.assign(f.data_ptr<double>(), f.data_ptr<double>() + f.numel());
    return m;
}

MultiLabelMetrics bestThreshold(const torch::Tensor& scores, const torch::Tensor& truth,
                                const std::vector<double>& candidates) {
    if (candidates.empty()) throw std::invalid_argument("no candidate thresholds");
    MultiLabelMetrics best;
    best.macroF1 = -1;
    for (double t : candidates) {
        auto m = multiLabelMetrics(scores, truth, t);
        if (m.macroF1 > best.macroF1) best = std::move(m);
    }
    return best;
}

std::vector<double> thresholdGrid(double from, double to, int steps) {
    std::vector<double> out;
    for (int i = 0; i <= steps; ++i) out.push_back(from + (to - from) * i / steps);
    return out;
}

}  // namespace clipdesk
