#pragma once

#include <torch/types.h>

namespace clipdesk {

// Prompt ensembling (Radford et al. 2021, section 3.1.4): per class, the mean of the
// L2-normalised embeddings of every template, re-normalised.
// templateEmbeddings: [classes, templates, E] normalised -> [classes, E] normalised.
torch::Tensor ensembleClassEmbeddings(const torch::Tensor& templateEmbeddings);

}  // namespace clipdesk
