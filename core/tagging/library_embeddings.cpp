#include "tagging/library_embeddings.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstring>

namespace clipdesk {

std::vector<std::int64_t> indexedPhotosIn(const LibraryDatabase& db, const std::vector<std::string>& prefixes) {
    if (prefixes.empty()) return db.indexedPhotoIds();
    std::vector<std::int64_t> ids;
    for (const auto& prefix : prefixes) {
        const auto some = db.indexedPhotoIdsUnder(prefix);
        ids.insert(ids.end(), some.begin(), some.end());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

LibraryEmbeddings loadLibraryEmbeddings(const LibraryDatabase& db, const std::vector<std::string>& prefixes,
                                        LibraryMoments moments) {
    LibraryEmbeddings out;
    const auto model = db.currentModel();
    if (!model) return out;
    const int dim = model->embedDim;
    const auto inScope = indexedPhotosIn(db, prefixes);
    const bool all = prefixes.empty();
    constexpr int64_t kChunk = 8192;
    // The whole library's moments: from the matrix when it is the whole library, else from
    // the rows streamed past.
    const bool streamMoments = moments == LibraryMoments::Compute && !all;
    std::vector<float> rows;
    rows.reserve(inScope.size() * static_cast<std::size_t>(dim));
    std::vector<float> chunk;
    if (streamMoments) chunk.reserve(kChunk * static_cast<std::size_t>(dim));
    const auto flush = [&] {
        if (chunk.empty()) return;
        const auto n = static_cast<int64_t>(chunk.size() / static_cast<std::size_t>(dim));
        out.library.add(torch::from_blob(chunk.data(), {n, dim}, torch::kFloat));
        chunk.clear();
    };
    auto next = inScope.begin();
    db.forEachEmbedding([&](std::int64_t id, const float* v) {
        if (streamMoments) {
            chunk.insert(chunk.end(), v, v + dim);
            if (chunk.size() >= kChunk * static_cast<std::size_t>(dim)) flush();
        }
        while (next != inScope.end() && *next < id) ++next;
        if (all || (next != inScope.end() && *next == id)) {
            out.ids.push_back(id);
            rows.insert(rows.end(), v, v + dim);
        }
    });
    flush();
    out.matrix = torch::from_blob(rows.data(), {static_cast<int64_t>(out.ids.size()), dim}, torch::kFloat).clone();
    if (moments == LibraryMoments::Compute && all)
        for (int64_t start = 0; start < out.matrix.size(0); start += kChunk)
            out.library.add(out.matrix.slice(0, start, std::min(out.matrix.size(0), start + kChunk)));
    return out;
}

}  // namespace clipdesk
