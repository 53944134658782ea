#pragma once
// CLIP's objective (Radford et al. 2021, Figure 3): symmetric cross-entropy over the N x N
// matrix of logit-scaled cosine similarities of a batch of N pairs, the matching pair
// being the target in both directions.

#include <torch/types.h>

namespace clipdesk {

struct ClipLoss {
    torch::Tensor loss;             // scalar: (CE(image->text) + CE(text->image)) / 2
    torch::Tensor logitsPerImage;   // [N, N]
};

// imageEmbeddings, textEmbeddings: [N, E], L2-normalised; logitScale: the stored log value.
ClipLoss clipContrastiveLoss(const torch::Tensor& imageEmbeddings, const torch::Tensor& textEmbeddings,
                             const torch::Tensor& logitScale);

// open_clip's local loss for data-parallel training: this rank's rows (`localImages`,
// `localTexts`, [n, E]) against every rank's (`allImages`, `allTexts`, [N, E]); row i's match is
// row `firstRow` + i of the gathered tensors.
ClipLoss clipContrastiveLocalLoss(const torch::Tensor& localImages, const torch::Tensor& localTexts,
                                  const torch::Tensor& allImages, const torch::Tensor& allTexts,
                                  const torch::Tensor& logitScale, std::int64_t firstRow);

}  // namespace clipdesk
