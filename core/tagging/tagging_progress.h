#pragma once
// Progress and cancellation of the long tagging steps (label encoding, scoring): the caller's
// callback hears (stage, done, total) from the running thread and returns false to stop; the
// step then throws TaggingCancelled. What finished before (label embeddings already cached)
// is kept.

#include <cstdint>
#include <functional>
#include <stdexcept>

namespace clipdesk {

enum class TaggingStage { EncodingLabels, Scoring };

using TaggingProgress = std::function<bool(TaggingStage stage, std::int64_t done, std::int64_t total)>;

class TaggingCancelled : public std::runtime_error {
public:
    TaggingCancelled() : std::runtime_error("tagging cancelled") {}
};

// Calls `progress` (if any); throws TaggingCancelled when it asks to stop.
inline void reportTaggingProgress(const TaggingProgress& progress, TaggingStage stage, std::int64_t done,
                                  std::int64_t total) {
    if (progress && !progress(stage, done, total)) throw TaggingCancelled();
}

}  // namespace clipdesk
