#pragma once

#include <string>
#include <vector>

namespace clipdesk {

// `pattern` with every "{}" replaced by `className`: "a photo of a {}." -> "a photo of a dog.".
// Throws std::invalid_argument when `pattern` has no "{}".
std::string fillTemplate(const std::string& pattern, const std::string& className);

// A training caption: fillTemplate, with the article before the slot agreeing with the class
// name ("a {}" + "ankle boot" -> "an ankle boot"; "an {}" + "dog" -> "a dog"). By the first
// letter (a, e, i, o, u), the usual rule for English class names.
std::string fillCaption(const std::string& pattern, const std::string& className);

// fillCaption(t, className) for each template: a class's training captions.
std::vector<std::string> fillCaptions(const std::vector<std::string>& patterns, const std::string& className);

// fillTemplate(t, className) for each template.
std::vector<std::string> fillTemplates(const std::vector<std::string>& patterns, const std::string& className);

// A class name from a folder name: '_' and '-' become spaces, runs of spaces collapse, and
// the ends are trimmed ("golden_retriever" -> "golden retriever").
std::string classNameFromFolder(const std::string& folderName);

}  // namespace clipdesk
