#include "tagging/template_set.h"

#include "base/sha256.h"
#include "tagging/prompt_resources.h"
#include "tagging/text_lines.h"

namespace clipdesk {

const std::vector<std::string>& builtinTemplateSetNames() {
    static const std::vector<std::string> names{"imagenet80", "short7", "single"};
    return names;
}

TemplateSet makeTemplateSet(const std::string& name, const std::vector<std::string>& templates) {
    if (templates.empty()) throw TaggingInputError(name + ": no templates");
    std::string joined;
    for (const auto& t : templates) {
        if (t.find("{}") == std::string::npos)
            throw TaggingInputError(name + ": template \"" + t + "\" has no {} for the label");
        joined += t + '\n';
    }
    return TemplateSet{name, templates, name + ":" + sha256Hex(joined).substr(0, 16)};
}

TemplateSet loadTemplateSet(const std::string& nameOrPath) {
    std::string path = nameOrPath;
    for (const auto& builtin : builtinTemplateSetNames())
        if (nameOrPath == builtin) path = promptResource("templates/" + builtin + ".txt").string();
    std::vector<std::string> templates;
    for (const auto& line : readEntryLines(path)) {
        if (line.text.find("{}") == std::string::npos)
            throw TaggingInputError(atLine(path, line.number, "template \"" + line.text +
                                                                  "\" has no {} where the label goes"));
        templates.push_back(line.text);
    }
    if (templates.empty()) throw TaggingInputError(path + ": no templates (expected one per line, with {})");
    auto set = makeTemplateSet(nameOrPath, templates);
    return set;
}

}  // namespace clipdesk
