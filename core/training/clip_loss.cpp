#include "clip_loss.h"

#include <torch/torch.h>

namespace clipdesk {

namespace {

// The loss is computed in at least float32: autocast hands over bf16/fp16 embeddings.
torch::Tensor atLeastFloat32(const torch::Tensor& t) {
    return t.scalar_type() == torch::kHalf || t.scalar_type() == torch::kBFloat16 ? t.to(torch::kFloat) : t;
}

}  // namespace

ClipLoss clipContrastiveLoss(const torch::Tensor& imageEmbeddings, const torch::Tensor& textEmbeddings,
                             const torch::Tensor& logitScale) {
    const auto logits =
        logitScale.exp() * torch::matmul(atLeastFloat32(imageEmbeddings), atLeastFloat32(textEmbeddings).t());
    const auto targets = torch::arange(logits.size(0), torch::TensorOptions().dtype(torch::kLong).device(logits.device()));
    const auto loss = (torch::nn::functional::cross_entropy(logits, targets) +
                       torch::nn::functional::cross_entropy(logits.t(), targets)) /
                      2;
    return {loss, logits};
}

ClipLoss clipContrastiveLocalLoss(const torch::Tensor& localImages, const torch::Tensor& localTexts,
                                  const torch::Tensor& allImages, const torch::Tensor& allTexts,
                                  const torch::Tensor& logitScale, std::int64_t firstRow) {
    const auto scale = logitScale.exp();
    const auto perImage = scale * torch::matmul(atLeastFloat32(localImages), atLeastFloat32(allTexts).t());
    const auto perText = scale * torch::matmul(atLeastFloat32(localTexts), atLeastFloat32(allImages).t());
    const auto targets =
        torch::arange(firstRow, firstRow + perImage.size(0), torch::TensorOptions().dtype(torch::kLong).device(perImage.device()));
    const auto loss = (torch::nn::functional::cross_entropy(perImage, targets) +
                       torch::nn::functional::cross_entropy(perText, targets)) /
                      2;
    return {loss, perImage};
}

}  // namespace clipdesk
