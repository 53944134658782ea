#include "tagging/label_encoder.h"

#include "clip/model/prompt_ensemble.h"
#include "tagging/text_lines.h"
#include "training/data/caption_templates.h"

#include <torch/torch.h>

namespace clipdesk {

void checkLabelFitsContext(const LabelSpec& label, const TemplateSet& templates, const TextTokenizer& tokenizer,
                           int contextLength) {
    for (const auto& name : label.names())
        for (const auto& pattern : templates.templatesFor(name)) {
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
    std::vector<int64_t> promptsPerName;  // each name's templates, by its language
    LabelEncoding out;
    int64_t promptCount = 0;
    for (const auto& label : labels) {
        checkLabelFitsContext(label, templates, tokenizer, context);
        out.firstPrompt.push_back(promptCount);
        for (const auto& name : label.names()) {
            promptsPerName.push_back(static_cast<int64_t>(templates.templatesFor(name).size()));
            promptCount += promptsPerName.back();
        }
    }
    if (labels.empty()) {
        out.labels = torch::zeros({0, embedder.config().embedDim});
        out.prompts = out.labels;
        return out;
    }
    auto ids = torch::zeros({promptCount, context}, torch::kLong);
    auto acc = ids.accessor<int64_t, 2>();
    int64_t row = 0;
    for (const auto& label : labels)
        for (const auto& name : label.names())
            for (const auto& pattern : templates.templatesFor(name)) {
                const auto tokens = tokenizer.tokenize(fillTemplate(pattern, name), context);
                for (int i = 0; i < context; ++i) acc[row][i] = tokens.ids[static_cast<size_t>(i)];
                ++row;
            }
    out.prompts = embedder.embedTokenIds(ids);  // batched inside
    std::vector<torch::Tensor> names;  // [1, E] per name
    int64_t start = 0;
    for (const int64_t count : promptsPerName) {
        names.push_back(ensembleClassEmbeddings(out.prompts.slice(0, start, start + count).unsqueeze(0)));
        start += count;
    }
    std::vector<torch::Tensor> rows;
    std::size_t name = 0;
    for (const auto& label : labels) {
        const auto count = label.names().size();
        const std::vector<torch::Tensor> own(names.begin() + static_cast<std::ptrdiff_t>(name),
                                             names.begin() + static_cast<std::ptrdiff_t>(name + count));
        rows.push_back(ensembleClassEmbeddings(torch::cat(own).unsqueeze(0)));
        name += count;
    }
    out.labels = torch::cat(rows);
    return out;
}

}  // namespace clipdesk
