#include "training/data/zero_shot_task.h"

#include "training/data/caption_templates.h"
#include "training/data/fashion_mnist_prompts.h"

#include <torch/torch.h>

#include <stdexcept>

namespace clipdesk {

ZeroShotTask makeZeroShotTask(const std::vector<std::string>& classNames, const std::vector<std::string>& templates,
                              const TextTokenizer& tokenizer, int contextLength) {
    if (classNames.empty() || templates.empty()) throw std::invalid_argument("zero-shot needs classes and templates");
    ZeroShotTask task;
    task.classNames = classNames;
    const auto classes = static_cast<int64_t>(classNames.size());
    const auto count = static_cast<int64_t>(templates.size());
    task.promptIds = torch::zeros({classes, count, contextLength}, torch::kLong);
    auto ids = task.promptIds.accessor<int64_t, 3>();
    for (int64_t c = 0; c < classes; ++c)
        for (int64_t t = 0; t < count; ++t) {
            const auto prompt = fillTemplate(templates[static_cast<size_t>(t)], classNames[static_cast<size_t>(c)]);
            const auto tokens = tokenizer.tokenize(prompt, contextLength);
            for (int i = 0; i < contextLength; ++i) ids[c][t][i] = tokens.ids[static_cast<size_t>(i)];
        }
    return task;
}

std::vector<std::string> defaultZeroShotTemplates(const std::vector<std::string>& classNames) {
    if (classNames == fashionMnistClassNames()) return fashionMnistHeldOutTemplates();
    return {"a photo of a {}."};
}

}  // namespace clipdesk
