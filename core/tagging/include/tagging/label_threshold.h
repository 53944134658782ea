#pragma once
// One label against the whole library, for choosing its threshold by eye: the cosine of every
// indexed photo in scope with the label's embedding (best first), how many pass a cut-off, and
// writing the label's automatic tags at the chosen cut-off. Decided and manual rows are never
// touched (TagStore::writeAutomaticTags).

#include "library/library_database.h"
#include "library/photo_library.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace clipdesk {

struct PhotoScore {
    std::int64_t photoId = 0;
    float cosine = 0;
};

// Cosines of the indexed photos at or below `prefixes` (all when empty) with `label` ([E],
// normalised), highest first (ties by photo id).
std::vector<PhotoScore> scoreLabelOverLibrary(const LibraryDatabase& db, const torch::Tensor& label,
                                              const std::vector<std::string>& prefixes);

// How many of `scores` (highest first) have a cosine >= threshold.
std::size_t countAtLeast(const std::vector<PhotoScore>& scores, float threshold);

// Replaces the automatic zero-shot rows of `label` on the scored photos by one row (score =
// cosine) per photo with cosine >= threshold.
WriteSummary applyLabelThreshold(PhotoLibrary& library, const std::string& label, const std::string& templateSet,
                                 const std::vector<PhotoScore>& scores, float threshold);

}  // namespace clipdesk
