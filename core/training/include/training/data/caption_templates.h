#pragma once

#include <string>
#include <vector>

namespace clipdesk {

// `pattern` with every "{}" replaced by `className`: "a photo of a {}." -> "a photo of a dog.".
// Throws std::invalid_argument when `pattern` has no "{}".
std::string fillTemplate(const std::string& pattern, const std::string& className);

// fillTemplate(t, className) for each template.
std::vector<std::string> fillTemplates(const std::vector<std::string>& patterns, const std::string& className);

// A class name from a folder name: '_' and '-' become spaces, runs of spaces collapse, and
// the ends are trimmed ("golden_retriever" -> "golden retriever").
std::string classNameFromFolder(const std::string& folderName);

}  // namespace clipdesk
