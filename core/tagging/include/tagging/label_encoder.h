#pragma once
// Label embeddings by prompt ensembling: every name of a label (the label and its synonyms) is
// put into every template of its language (TemplateSet::templatesFor), the prompts are encoded in batches, each name's normalised prompt
// embeddings are averaged and re-normalised, and so are the names' (ensembleClassEmbeddings).

#include "clip/clip_embedder.h"
#include "tagging/label_vocabulary.h"
#include "tagging/template_set.h"

#include <torch/types.h>

#include <functional>

namespace clipdesk {

struct LabelEncoding {
    torch::Tensor labels;   // [L, E] normalised, one row per label
    torch::Tensor prompts;  // [P, E] every prompt's normalised embedding: per label, per name, per template
    std::vector<int64_t> firstPrompt;  // per label, its first row in `prompts`
};

// Throws TaggingInputError "file:line: ..." when a label makes a prompt longer than the model's
// context (CLIP would silently cut it).
LabelEncoding encodeLabels(ClipEmbedder& embedder, const std::vector<LabelSpec>& labels, const TemplateSet& templates);

// Throws TaggingInputError when a prompt of `label` exceeds `contextLength` tokens.
void checkLabelFitsContext(const LabelSpec& label, const TemplateSet& templates, const TextTokenizer& tokenizer,
                           int contextLength);

}  // namespace clipdesk
