#pragma once
// How a label's cosine is distributed over a library: CLIP's cosines are not calibrated across
// labels (one label's photos score 0.30, another's 0.22), so multi-label tagging compares a
// photo's cosine with the label's own mean and spread over the library. Both come from the
// embeddings' first and second moments: mean_l = mu . t_l and var_l = t_l' S t_l - mean_l^2, so
// one pass over the photos serves any number of labels.

#include <torch/types.h>

namespace clipdesk {

struct EmbeddingMoments {
    torch::Tensor sum;   // [E] float64
    torch::Tensor gram;  // [E, E] float64: sum of x x'
    int64_t count = 0;

    // Adds a chunk of embeddings [N, E].
    void add(const torch::Tensor& embeddings);
};

struct LabelStatistics {
    torch::Tensor mean;  // [L] mean cosine of the label over the photos
    torch::Tensor std;   // [L] its standard deviation (at least 1e-4)
};

LabelStatistics labelStatistics(const EmbeddingMoments& moments, const torch::Tensor& labelEmbeddings);

}  // namespace clipdesk
