#pragma once
// The stored embeddings a tagging run works on, read from the database in one pass (no image
// is decoded): the photos in scope as one matrix, and, when asked for, the moments of the
// whole library (the reference distribution for per-label z-score thresholds).

#include "library/library_database.h"
#include "tagging/label_statistics.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace clipdesk {

struct LibraryEmbeddings {
    std::vector<std::int64_t> ids;  // photos in scope, ascending
    torch::Tensor matrix;           // [ids.size(), E]
    EmbeddingMoments library;       // over every indexed photo; empty unless asked for
};

// The library's second moments cost an E x E product per photo in double precision (more than
// reading the embeddings): only z-score thresholds need them.
enum class LibraryMoments { Skip, Compute };

// `prefixes`: folders or photos (normalised paths); empty = the whole library.
LibraryEmbeddings loadLibraryEmbeddings(const LibraryDatabase& db, const std::vector<std::string>& prefixes,
                                        LibraryMoments moments = LibraryMoments::Skip);

// Indexed photo ids at or below `prefixes` (all when empty), ascending.
std::vector<std::int64_t> indexedPhotosIn(const LibraryDatabase& db, const std::vector<std::string>& prefixes);

}  // namespace clipdesk
