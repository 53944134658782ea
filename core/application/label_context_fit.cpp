#include "label_context_fit.h"

#include "clip/tokenizer/text_tokenizer.h"
#include "training/data/caption_templates.h"

namespace clipdesk {

LabelsInContext labelsInContext(const LabelVocabulary& vocabulary, const TemplateSet& templates,
                                const TextTokenizer& tokenizer, int contextLength) {
    LabelsInContext out;
    out.fitting.name = vocabulary.name;
    for (const auto& label : vocabulary.labels) {
        SkippedLabel longest{label.name, label.source, {}, 0, contextLength};
        for (const auto& name : label.names())
            for (const auto& pattern : templates.templatesFor(name)) {
                auto prompt = fillTemplate(pattern, name);
                const auto tokens = tokenizer.tokenize(prompt, contextLength);
                if (tokens.untruncatedLength > longest.tokens) {
                    longest.tokens = tokens.untruncatedLength;
                    longest.prompt = std::move(prompt);
                }
            }
        if (longest.tokens > contextLength)
            out.skipped.push_back(std::move(longest));
        else
            out.fitting.labels.push_back(label);
    }
    return out;
}

}  // namespace clipdesk
