#pragma once
// Scoring photos against labels from stored embeddings: one matrix product per chunk of
// photos, then per photo either the top-k labels of a softmax (single-label) or every label
// whose score clears its threshold (multi-label).

#include "tagging/label_statistics.h"

#include <torch/types.h>

#include <string>

namespace clipdesk {

enum class TagMode { Single, Multi };

// How multi-label mode decides that a label applies to a photo.
enum class ThresholdMethod {
    ZScore,  // (cosine - label's mean over the library) / label's std >= threshold
    Margin,  // cosine - best other label's cosine >= threshold (at most one label passes for threshold >= 0)
    Fixed,   // cosine >= threshold, the same cut-off for every label
    ZMargin, // z-score - best other label's z-score >= threshold: per-label calibration and competition
};

ThresholdMethod parseThresholdMethod(const std::string& name);  // "zscore", "margin", "fixed", "zmargin"
const char* thresholdMethodName(ThresholdMethod method);
// The default threshold of each method (chosen on the Fashion-MNIST training images, see README).
double defaultThreshold(ThresholdMethod method);

struct TagScoringOptions {
    TagMode mode = TagMode::Single;
    int topK = 5;                 // at most this many labels per photo
    double logitScale = 100;      // exp(model's logit_scale): softmax temperature in single mode
    double minProbability = 0;    // single mode: drop labels below this probability
    ThresholdMethod method = ThresholdMethod::ZScore;
    double threshold = 2.0;
    int64_t chunkRows = 4096;     // photos per matrix product; chunks are scored in parallel
};

// Per photo, up to topK labels (best first). Rows of `keep` are false where a slot is unused.
struct TagScores {
    torch::Tensor label;   // [N, K] int64 label index
    torch::Tensor score;   // [N, K] float: probability (single) or the method's score (multi)
    torch::Tensor cosine;  // [N, K] float
    torch::Tensor keep;    // [N, K] bool
};

// The method's score of every label for a chunk: z-scores, margins or cosines [N, L].
torch::Tensor multiLabelScores(const torch::Tensor& cosines, ThresholdMethod method, const LabelStatistics& stats);

// photos [N, E] and labels [L, E], both L2-normalised. `stats` is needed for ThresholdMethod::ZScore.
TagScores scoreTags(const torch::Tensor& photos, const torch::Tensor& labels, const TagScoringOptions& options,
                    const LabelStatistics* stats = nullptr);

}  // namespace clipdesk
