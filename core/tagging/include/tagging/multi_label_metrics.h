#pragma once
// Multi-label tagging treated as retrieval, one query per label: the photos tagged with a label
// against the photos that truly have it; per-label precision, recall and F1, macro-averaged.

#include <torch/types.h>

#include <vector>

namespace clipdesk {

struct MultiLabelMetrics {
    double threshold = 0;
    double macroPrecision = 0;
    double macroRecall = 0;
    double macroF1 = 0;
    std::vector<double> f1;  // per label
};

// scores [N, L] (a method's scores), truth [N, L] bool; a label is predicted where score >= threshold.
// A label with nothing predicted has precision 0.
MultiLabelMetrics multiLabelMetrics(const torch::Tensor& scores, const torch::Tensor& truth, double threshold);

// The threshold among `candidates` with the best macro-F1 on (scores, truth).
MultiLabelMetrics bestThreshold(const torch::Tensor& scores, const torch::Tensor& truth,
                                const std::vector<double>& candidates);

// candidates from..to in `steps` equal steps (inclusive).
std::vector<double> thresholdGrid(double from, double to, int steps);

}  // namespace clipdesk
