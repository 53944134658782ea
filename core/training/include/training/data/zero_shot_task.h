#pragma once

#include "clip/tokenizer/text_tokenizer.h"
#include "training/evaluation.h"

#include <string>
#include <vector>

namespace clipdesk {

// Tokenises every template ("{}" = the class name) for every class: promptIds
// [classes, templates, contextLength]. Throws std::invalid_argument for a template without "{}".
ZeroShotTask makeZeroShotTask(const std::vector<std::string>& classNames, const std::vector<std::string>& templates,
                              const TextTokenizer& tokenizer, int contextLength);

// Templates for measuring zero-shot accuracy during training: Fashion-MNIST's held-out set
// (never used to make training captions) for its classes, else "a photo of a {}.".
std::vector<std::string> defaultZeroShotTemplates(const std::vector<std::string>& classNames);

}  // namespace clipdesk
