#pragma once
// A zero-shot tagging run over a library or part of it: label embeddings from the database's
// cache (encoding only the labels it lacks), the stored photo embeddings, one chunked matrix
// product, tags written in one transaction.

#include "clip/clip_embedder.h"
#include "library/photo_library.h"
#include "library/tag_store.h"
#include "tagging/label_vocabulary.h"
#include "tagging/tag_scoring.h"
#include "tagging/tagging_progress.h"
#include "tagging/template_set.h"

#include <cstdint>
#include <string>
#include <vector>

namespace clipdesk {

struct LabelEmbeddings {
    torch::Tensor rows;  // [L, E], normalised, in the vocabulary's order
    int encoded = 0;     // labels that were not cached and were encoded now
};

// Label embeddings for the library's current model: cached rows are read, missing ones
// encoded (prompt ensembles) and stored, a group of labels per transaction. `control` hears
// (EncodingLabels, labels encoded, labels to encode) after each group; cancelling throws
// JobCancelled and keeps the groups stored so far.
LabelEmbeddings labelEmbeddingsFor(PhotoLibrary& library, ClipEmbedder& embedder, const LabelVocabulary& vocabulary,
                                   const TemplateSet& templates, const JobControl* control = nullptr);

struct ZeroShotRun {
    std::int64_t photos = 0;
    std::int64_t labels = 0;
    int labelsEncoded = 0;
    double encodeSeconds = 0;
    double scoreSeconds = 0;
    WriteSummary written;
    std::vector<std::int64_t> photoIds;  // scope, ascending
    std::vector<std::vector<NewTag>> tags;  // per photo in photoIds, best first
};

struct ZeroShotJob {
    LabelVocabulary vocabulary;
    TemplateSet templates;
    TagScoringOptions options;
    std::vector<std::string> scope;  // normalised paths of folders/photos; empty = the whole library
};

// `control` hears the label encoding, then (Scoring, photos scored, photos) per chunk; a
// cancelled run throws JobCancelled before anything is written.
ZeroShotRun tagZeroShot(PhotoLibrary& library, ClipEmbedder& embedder, const ZeroShotJob& job,
                        const JobControl* control = nullptr);

}  // namespace clipdesk
