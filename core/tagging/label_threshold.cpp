#include "tagging/label_threshold.h"

#include "tagging/library_embeddings.h"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>

namespace clipdesk {

std::vector<PhotoScore> scoreLabelOverLibrary(const LibraryDatabase& db, const torch::Tensor& label,
                                              const std::vector<std::string>& prefixes) {
    const auto embeddings = loadLibraryEmbeddings(db, prefixes);
    std::vector<PhotoScore> out;
    if (embeddings.ids.empty()) return out;
    if (label.dim() != 1 || label.size(0) != embeddings.matrix.size(1))
        throw std::invalid_argument("the label embedding does not match the library's embedding size");
    torch::NoGradGuard noGrad;
    const auto cosines = embeddings.matrix.mv(label.to(torch::kFloat)).contiguous();
    const float* c = cosines.data_ptr<float>();
    out.reserve(embeddings.ids.size());
    for (std::size_t i = 0; i < embeddings.ids.size(); ++i) out.push_back({embeddings.ids[i], c[i]});
    std::sort(out.begin(), out.end(), [](const PhotoScore& a, const PhotoScore& b) {
        return a.cosine != b.cosine ? a.cosine > b.cosine : a.photoId < b.photoId;
    });
    return out;
}

std::size_t countAtLeast(const std::vector<PhotoScore>& scores, float threshold) {
    const auto end = std::partition_point(scores.begin(), scores.end(),
                                          [threshold](const PhotoScore& s) { return s.cosine >= threshold; });
    return static_cast<std::size_t>(end - scores.begin());
}

WriteSummary applyLabelThreshold(PhotoLibrary& library, const std::string& label, const std::string& templateSet,
                                 const std::vector<PhotoScore>& scores, float threshold) {
    std::vector<std::int64_t> ids;
    ids.reserve(scores.size());
    std::vector<NewTag> tags;
    for (const auto& s : scores) {
        ids.push_back(s.photoId);
        if (s.cosine >= threshold) tags.push_back(NewTag{s.photoId, label, s.cosine, static_cast<double>(s.cosine)});
    }
    std::sort(ids.begin(), ids.end());
    return library.tags().writeAutomaticTags({TagSource::ZeroShot, library.database().currentModelId(), templateSet},
                                              {label}, ids, tags);
}

}  // namespace clipdesk
