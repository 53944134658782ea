#pragma once
// "Tag by example": the user marks a few photos as examples of a tag (and optionally some as
// counter-examples); a linear probe learns the tag from their stored embeddings, with random
// library photos as weak background negatives, and tags the photos it scores >= threshold.

#include "clip/clip_embedder.h"
#include "library/photo_library.h"
#include "tagging/linear_probe.h"
#include "library/tag_store.h"
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

struct TagExamples {
    std::string tag;
    std::vector<std::int64_t> examples;         // indexed photos that show the tag
    std::vector<std::int64_t> counterExamples;  // indexed photos that do not
    std::vector<std::string> scope;             // normalised paths to tag; empty = the whole library
};

// `embedder` (may be null) gives the tag's zero-shot text embedding as the probe's prior,
// ensembled over `templates`.
FewShotRun tagByExample(PhotoLibrary& library, ClipEmbedder* embedder, const TemplateSet& templates,
                        const TagExamples& marked, const FewShotOptions& options);

}  // namespace clipdesk
