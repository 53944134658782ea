#include "application/query_languages.h"

#include "clip/model_files.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace clipdesk {

std::vector<std::string> modelQueryLanguages(const std::string& modelPath) {
    if (modelPath.empty()) return {};
    ModelFiles files;
    try {
        files = locateModelFiles(modelPath);
    } catch (const std::exception&) {
        return {};  // no model there
    }
    try {
        if (const auto config = readModelConfig(files)) return config->queryLanguages();
    } catch (const std::exception&) {
        // A configuration this build cannot read: the vocabulary beside the weights still tells.
    }
    std::error_code error;
    const auto folder = std::filesystem::path(files.weights).parent_path();
    return {std::filesystem::is_regular_file(folder / "vocab.txt", error) ? "zh" : "en"};
}

std::string primaryLanguage(const std::string& code) {
    std::string primary = code.substr(0, code.find_first_of("_-"));
    std::transform(primary.begin(), primary.end(), primary.begin(), [](unsigned char c) { return std::tolower(c); });
    return primary;
}

QueryLanguageAdvice adviseQueryLanguage(const std::string& windowLanguage, const std::vector<std::string>& modelLanguages) {
    QueryLanguageAdvice advice;
    advice.windowLanguage = primaryLanguage(windowLanguage);
    advice.modelLanguages = modelLanguages;
    bool understood = false;
    for (const auto& language : modelLanguages) understood = understood || primaryLanguage(language) == advice.windowLanguage;
    advice.mismatch = !modelLanguages.empty() && !advice.windowLanguage.empty() && advice.windowLanguage != "en" && !understood;
    return advice;
}

}  // namespace clipdesk
