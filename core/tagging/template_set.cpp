#include "tagging/template_set.h"

#include "base/sha256.h"
#include "base/text_script.h"
#include "tagging/prompt_resources.h"
#include "tagging/text_lines.h"

namespace clipdesk {
namespace {

void checkSlots(const std::string& name, const std::vector<std::string>& templates, std::string& joined) {
    for (const auto& t : templates) {
        if (t.find("{}") == std::string::npos)
            throw TaggingInputError(name + ": template \"" + t + "\" has no {} for the label");
        joined += t + '\n';
    }
}

std::vector<std::string> readTemplates(const std::string& path) {
    std::vector<std::string> templates;
    for (const auto& line : readEntryLines(path)) {
        if (line.text.find("{}") == std::string::npos)
            throw TaggingInputError(atLine(path, line.number, "template \"" + line.text +
                                                                  "\" has no {} where the label goes"));
        templates.push_back(line.text);
    }
    if (templates.empty()) throw TaggingInputError(path + ": no templates (expected one per line, with {})");
    return templates;
}

}  // namespace

const std::vector<std::string>& TemplateSet::templatesFor(const std::string& labelName) const {
    return !chineseTemplates.empty() && hasIdeograph(labelName) ? chineseTemplates : templates;
}

const std::vector<std::string>& builtinTemplateSetNames() {
    static const std::vector<std::string> names{"imagenet80", "short7", "single"};
    return names;
}

TemplateSet makeTemplateSet(const std::string& name, const std::vector<std::string>& templates,
                            const std::vector<std::string>& chinese) {
    if (templates.empty()) throw TaggingInputError(name + ": no templates");
    std::string joined;
    checkSlots(name, templates, joined);
    // The key of a set without a Chinese rendition is what it was before there were any, so
    // label embeddings cached under it stay valid.
    if (!chinese.empty()) {
        joined += "zh\n";
        checkSlots(name, chinese, joined);
    }
    return TemplateSet{name, templates, chinese, name + ":" + sha256Hex(joined).substr(0, 16)};
}

TemplateSet loadTemplateSet(const std::string& nameOrPath) {
    for (const auto& builtin : builtinTemplateSetNames())
        if (nameOrPath == builtin)
            return makeTemplateSet(builtin, readTemplates(promptResource("templates/" + builtin + ".txt").string()),
                                   readTemplates(promptResource("templates/zh/" + builtin + ".txt").string()));
    return makeTemplateSet(nameOrPath, readTemplates(nameOrPath));
}

}  // namespace clipdesk
