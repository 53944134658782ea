#include "tagging/label_encoder.h"

#include "clip/model/prompt_ensemble.h"
#include "tagging/text_lines.h"
#include "training/data/caption_templates.h"

#include <torch/torch.h>

namespace clipdesk {

void checkLabelFitsContext(const LabelSpec& label, const TemplateSet& templates, const TextTokenizer& tokenizer,
                           int contextLength) {
    for (const auto& name : label.names())
        for (const auto& pattern : templates.templates) {
            const auto prompt = fillTemplate(pattern, name);
            const auto tokens = tokenizer.tokenize(prompt, contextLength);
            if (tokens.truncated)
                throw TaggingInputError(label.source + ": label \"" + name + "\" is too long: the prompt \"" + prompt +
                                        "\" is " + std::to_string(tokens.untruncatedLength) +
                                        " tokens, and the model reads at most " + std::to_string(contextLength) +
                                        " (shorten the label)");
        }
}

LabelEncoding encodeLabels(ClipEmbedder& embedder, const std::vector<LabelSpec>& labels, const TemplateSet& templates) {
    const int context = embedder.config().text.contextLength;
    const auto& tokenizer = embedder.tokenizer();
    const auto templateCount = static_cast<int64_t>(templates.templates.size());
    std::vector<int64_t> namesPerLabel;
    int64_t nameCount = 0;
    for (const auto& label : labels) {
        checkLabelFitsContext(label, templates, tokenizer, context);
        namesPerLabel.push_back(static_cast<int64_t>(label.names().size()));
        nameCount += namesPerLabel.back();
    }
    LabelEncoding out;
    if (labels.empty()) {
        out.labels = torch::zeros({0, embedder.config().embedDim});
        out.prompts = out.labels;
        return out;
    }
    auto ids = torch::zeros({nameCount * templateCount, context}, torch::kLong);
    auto acc = ids.accessor<int64_t, 2>();
    int64_t row = 0;
    for (const auto& label : labels)
        for (const auto& name : label.names())
            for (const auto& pattern : templates.templates) {
                const auto tokens = tokenizer.tokenize(fillTemplate(pattern, name), context);
                for (int i = 0; i < context; ++i) acc[row][i] = tokens.ids[static_cast<size_t>(i)];
                ++row;
            }
    out.prompts = embedder.embedTokenIds(ids);  // batched inside
    const auto names = ensembleClassEmbeddings(out.prompts.view({nameCount, templateCount, -1}));  // [names, E]
    std::vector<torch::Tensor> rows;
    int64_t start = 0;
    for (const int64_t count : namesPerLabel) {
        rows.push_back(ensembleClassEmbeddings(names.slice(0, start, start + count).unsqueeze(0)));
        start += count;
    }
    out.labels = torch::cat(rows);
    return out;
}

}  // namespace clipdesk
