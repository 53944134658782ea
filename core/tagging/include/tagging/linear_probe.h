#pragma once
// Few-shot "tag by example": an L2-regularised logistic regression on stored (normalised)
// embeddings, trained full-batch with L-BFGS. Positives and negatives are weighted to count
// equally. With a prior (the label's zero-shot text embedding scaled by the logit scale) the
// weights start there and the penalty pulls towards it instead of towards 0, so a handful of
// examples refines the zero-shot classifier rather than replacing it.

#include <torch/types.h>

#include <optional>

namespace clipdesk {

struct LinearProbeOptions {
    double l2 = 1e-3;          // penalty  l2/2 * ||w - w_prior||^2
    int maxIterations = 200;   // L-BFGS iterations
    std::optional<torch::Tensor> prior;  // [E] initial weights and centre of the penalty
    double backgroundWeight = 0.5;       // total weight of background negatives relative to counter-examples
};

struct LinearProbe {
    torch::Tensor weight;  // [E]
    double bias = 0;
    // logit of "has the tag" for embeddings [N, E] -> [N]
    torch::Tensor logits(const torch::Tensor& embeddings) const;
    torch::Tensor probabilities(const torch::Tensor& embeddings) const;
};

// positives [P, E] (P >= 1); counterExamples [C, E] and background [B, E] may be empty, but not
// both. Background photos are unlabelled library photos: weak negatives.
LinearProbe trainLinearProbe(const torch::Tensor& positives, const torch::Tensor& counterExamples,
                             const torch::Tensor& background, const LinearProbeOptions& options = {});

}  // namespace clipdesk
