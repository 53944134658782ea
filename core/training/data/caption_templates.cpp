#include "training/data/caption_templates.h"

#include <cctype>
#include <stdexcept>

namespace clipdesk {

std::string fillTemplate(const std::string& pattern, const std::string& className) {
    constexpr std::string_view kSlot = "{}";
    if (pattern.find(kSlot) == std::string::npos)
        throw std::invalid_argument("caption template \"" + pattern + "\" has no {} for the class name");
    std::string out;
    std::size_t start = 0;
    for (std::size_t at; (at = pattern.find(kSlot, start)) != std::string::npos; start = at + kSlot.size())
        out.append(pattern, start, at - start).append(className);
    return out.append(pattern, start, std::string::npos);
}

namespace {

bool startsWithVowel(const std::string& text) {
    if (text.empty()) return false;
    switch (text[0]) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
    case 'A': case 'E': case 'I': case 'O': case 'U': return true;
    default: return false;
    }
}

// True when the word at `at` of `text` starts a word: the pattern's start or after a non-letter.
bool startsWord(const std::string& text, std::size_t at, bool patternStart) {
    if (at == 0) return patternStart;
    const unsigned char c = static_cast<unsigned char>(text[at - 1]);
    return !std::isalpha(c);
}

}  // namespace

std::string fillCaption(const std::string& pattern, const std::string& className) {
    const std::string article = startsWithVowel(className) ? "an " : "a ";
    std::string agreed;
    std::size_t start = 0;
    for (std::size_t at; (at = pattern.find("{}", start)) != std::string::npos; start = at + 2) {
        std::string before = pattern.substr(start, at - start);
        for (const std::string old : {"a ", "an ", "A ", "An "}) {
            if (before.size() < old.size() || before.compare(before.size() - old.size(), old.size(), old) != 0) continue;
            const std::size_t word = before.size() - old.size();
            if (!startsWord(before, word, start == 0)) continue;
            const bool capital = old[0] == 'A';
            before.replace(word, old.size(), capital ? std::string(1, 'A') + article.substr(1) : article);
            break;
        }
        agreed += before + "{}";
    }
    agreed.append(pattern, start, std::string::npos);
    return fillTemplate(agreed, className);
}

std::vector<std::string> fillCaptions(const std::vector<std::string>& patterns, const std::string& className) {
    std::vector<std::string> out;
    out.reserve(patterns.size());
    for (const std::string& pattern : patterns) out.push_back(fillCaption(pattern, className));
    return out;
}

std::vector<std::string> fillTemplates(const std::vector<std::string>& patterns, const std::string& className) {
    std::vector<std::string> out;
    out.reserve(patterns.size());
    for (const std::string& pattern : patterns) out.push_back(fillTemplate(pattern, className));
    return out;
}

std::string classNameFromFolder(const std::string& folderName) {
    std::string out;
    bool pendingSpace = false;
    for (char c : folderName) {
        if (c == '_' || c == '-' || c == ' ') {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) out += ' ';
        pendingSpace = false;
        out += c;
    }
    return out;
}

}  // namespace clipdesk
