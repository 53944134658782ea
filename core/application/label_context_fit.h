#pragma once
// Which labels of a vocabulary fit a model's text context with a template set, decided before
// anything is encoded: a label fits when every prompt of every one of its names (template
// filled in) is at most `contextLength` tokens. Labels that do not fit are skipped and listed
// once (CLIP would otherwise cut their prompts silently).

#include "application/tagging_requests.h"
#include "tagging/label_vocabulary.h"
#include "tagging/template_set.h"

namespace clipdesk {

class TextTokenizer;

struct LabelsInContext {
    LabelVocabulary fitting;             // the labels that fit, in the vocabulary's order
    std::vector<SkippedLabel> skipped;   // the others, with their longest prompt
};

LabelsInContext labelsInContext(const LabelVocabulary& vocabulary, const TemplateSet& templates,
                                const TextTokenizer& tokenizer, int contextLength);

}  // namespace clipdesk
