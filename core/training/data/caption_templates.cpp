#include "training/data/caption_templates.h"

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
