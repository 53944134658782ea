#include "tagging/label_vocabulary.h"

#include "tagging/prompt_resources.h"
#include "tagging/text_lines.h"
#include "base/utf8_text.h"

#include <map>

namespace clipdesk {
namespace {

std::string lowerAscii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

void checkUnique(const std::vector<LabelSpec>& labels, const std::string& name) {
    std::map<std::string, const LabelSpec*> seen;
    for (const auto& label : labels) {
        const auto [it, inserted] = seen.emplace(lowerAscii(label.name), &label);
        if (!inserted)
            throw TaggingInputError(label.source + ": duplicate label \"" + label.name + "\" (already listed at " +
                                    it->second->source + "); list each label once and put other names after ':'");
    }
    if (labels.empty())
        throw TaggingInputError(name + ": no labels (expected one label per line, optionally \"label: synonym, ...\")");
}

}  // namespace

std::vector<std::string> LabelSpec::names() const {
    std::vector<std::string> out{name};
    out.insert(out.end(), synonyms.begin(), synonyms.end());
    return out;
}

std::string LabelSpec::canonical() const {
    std::string out = name;
    for (std::size_t i = 0; i < synonyms.size(); ++i) out += (i == 0 ? ": " : ", ") + synonyms[i];
    return out;
}

LabelVocabulary loadLabelVocabulary(const std::string& builtinOrPath) {
    const std::string path =
        builtinOrPath == "builtin" ? promptResource("labels/everyday.txt").string() : builtinOrPath;
    LabelVocabulary vocabulary{builtinOrPath, {}};
    for (const auto& line : readEntryLines(path)) {
        LabelSpec spec;
        spec.source = path + ":" + std::to_string(line.number);
        const auto colon = line.text.find(':');
        spec.name = std::string(trimmed(std::string_view(line.text).substr(0, colon)));
        if (spec.name.empty())
            throw TaggingInputError(atLine(path, line.number, "empty label before ':' (expected \"label: synonym, ...\")"));
        if (colon != std::string::npos) {
            std::string_view rest = std::string_view(line.text).substr(colon + 1);
            while (true) {
                const auto comma = rest.find(',');
                const auto synonym = trimmed(rest.substr(0, comma));
                if (synonym.empty())
                    throw TaggingInputError(atLine(path, line.number, "empty synonym in \"" + line.text +
                                                                          "\" (expected \"label: synonym, synonym\")"));
                spec.synonyms.emplace_back(synonym);
                if (comma == std::string_view::npos) break;
                rest = rest.substr(comma + 1);
            }
        }
        vocabulary.labels.push_back(std::move(spec));
    }
    checkUnique(vocabulary.labels, path);
    return vocabulary;
}

LabelVocabulary makeLabelVocabulary(const std::string& name, const std::vector<std::string>& labels) {
    LabelVocabulary vocabulary{name, {}};
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (trimmed(labels[i]).empty()) throw TaggingInputError(name + ": label " + std::to_string(i + 1) + " is empty");
        vocabulary.labels.push_back(LabelSpec{labels[i], {}, name + " #" + std::to_string(i + 1)});
    }
    checkUnique(vocabulary.labels, name);
    return vocabulary;
}

}  // namespace clipdesk
