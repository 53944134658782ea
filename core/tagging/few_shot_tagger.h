#pragma once
// "Tag by example": the user marks a few photos as examples of a tag (and optionally some as
// counter-examples); a linear probe learns the tag from their stored embeddings, with random
// library photos as weak background negatives, and tags the photos it scores >= threshold.

#include "clip/clip_embedder.h"
#include "library/photo_library.h"
#include "tagging/linear_probe.h"
#include "tagging/tag_store.h"
#include "tagging/template_set.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clipdesk {

struct FewShotOptions {
    int backgroundPhotos = 1000;  // random library photos used as weak negatives
    double threshold = 0.5;       // probability needed to tag a photo
    std::uint64_t seed = 0;       // which background photos
    LinearProbeOptions probe;
};

struct FewShotRun {
    std::int64_t positives = 0, counterExamples = 0, background = 0;
    std::int64_t photos = 0;  // scored
    bool textPrior = false;
    WriteSummary written;
    std::vector<NewTag> tags;  // tagged photos, best first
};

// `embedder` (may be null) gives the tag's zero-shot text embedding as the probe's prior,
// ensembled over `templates`. Example ids must be indexed photos. `prefixes`: scope to tag.
FewShotRun tagByExample(PhotoLibrary& library, ClipEmbedder* embedder, const TemplateSet& templates,
                        const std::string& tag, const std::vector<std::int64_t>& examples,
                        const std::vector<std::int64_t>& counterExamples, const FewShotOptions& options,
                        const std::vector<std::string>& prefixes);

}  // namespace clipdesk
