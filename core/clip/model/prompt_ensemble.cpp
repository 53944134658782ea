#include "clip/model/prompt_ensemble.h"

#include "clip/model/clip_model.h"

namespace clipdesk {

torch::Tensor ensembleClassEmbeddings(const torch::Tensor& templateEmbeddings) {
    return l2Normalize(templateEmbeddings.mean(1));
}

}  // namespace clipdesk
