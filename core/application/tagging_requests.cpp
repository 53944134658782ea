#include "application/tagging_requests.h"

#include <algorithm>

namespace clipdesk {

std::size_t LabelScores::passing(float cutOff) const {
    // Best first: the photos at or above the cut-off are a prefix.
    const auto end = std::partition_point(photos.begin(), photos.end(),
                                          [cutOff](const ScoredPhoto& p) { return p.score >= cutOff; });
    return static_cast<std::size_t>(end - photos.begin());
}

}  // namespace clipdesk
