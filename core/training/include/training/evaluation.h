#pragma once
// Validation metrics: image->text and text->image recall@k over a set of pairs, and
// zero-shot classification accuracy with prompt-ensembled class embeddings.

#include "clip/model/clip_model.h"
#include "training/training_batch.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clipdesk {

struct RetrievalRecall {
    std::map<int, double> imageToText;  // k -> recall@k
    std::map<int, double> textToImage;
};

// Pair i's image matches text i. When `labels` is given (all >= 0), any text of the same
// label counts as a match: with templated captions many texts say the same thing.
RetrievalRecall retrievalRecall(const torch::Tensor& imageEmbeddings, const torch::Tensor& textEmbeddings,
                                const torch::Tensor& labels = {}, const std::vector<int>& ks = {1, 5, 10});

// Class prompts, tokenised: [classes, templates, context].
struct ZeroShotTask {
    std::vector<std::string> classNames;
    torch::Tensor promptIds;
};

struct ZeroShotAccuracy {
    double top1 = 0;
    double top5 = 0;
    std::vector<double> perClass;  // top-1 accuracy per class
    torch::Tensor confusion;       // [classes, classes] counts, rows = true class
};

// [classes, E] normalised: each class's template embeddings averaged and re-normalised.
torch::Tensor zeroShotClassifier(ClipModel& model, const torch::Tensor& promptIds, const torch::Device& device);
ZeroShotAccuracy zeroShotAccuracy(const torch::Tensor& imageEmbeddings, const torch::Tensor& labels,
                                  const torch::Tensor& classEmbeddings);

struct ValidationEmbeddings {
    torch::Tensor images;  // [N, E] on the CPU
    torch::Tensor texts;   // [N, E]
    torch::Tensor labels;  // [N]
    double loss = 0;       // mean contrastive loss over the batches
};

// Embeds one pass over `source` (epoch 0, in order) in eval mode without gradients.
ValidationEmbeddings embedValidationSet(ClipModel& model, TrainingBatchSource& source, const torch::Device& device);

}  // namespace clipdesk
