#pragma once
// Which languages a model reads queries in, and whether a window in another language should
// say so. Plain values: the window's Settings and Search pages show them (ui/ holds no such
// decision).

#include <string>
#include <vector>

namespace clipdesk {

// The languages (BCP-47: "en", "zh") the text tower of the model at `modelPath` (a folder or
// a weights file) reads queries in: its configuration's (ClipConfig::queryLanguages: config.json's
// "languages", else by its text tower); for a checkpoint without a readable configuration, "zh"
// when Chinese-CLIP's WordPiece vocab.txt lies beside the weights, else "en" (CLIP's BPE).
// Empty when there is no model at `modelPath`.
std::vector<std::string> modelQueryLanguages(const std::string& modelPath);

// The primary language of a language code: "zh_CN" -> "zh", "zh-Hant" -> "zh", "en" -> "en".
std::string primaryLanguage(const std::string& code);

struct QueryLanguageAdvice {
    std::string windowLanguage;               // primary language of the window: "zh"
    std::vector<std::string> modelLanguages;  // as modelQueryLanguages
    // The window speaks a language other than English that the model does not read (queries
    // typed in the window's language would find noise). False when the model's are unknown.
    bool mismatch = false;
};

QueryLanguageAdvice adviseQueryLanguage(const std::string& windowLanguage, const std::vector<std::string>& modelLanguages);

}  // namespace clipdesk
