#pragma once
// Label vocabularies: one label per line, optionally with synonyms ("car: automobile, auto"),
// whose prompt embeddings are averaged into the label's embedding. "builtin" is Clipdesk's
// everyday-photo vocabulary (prompts/labels/everyday.txt).

#include <string>
#include <vector>

namespace clipdesk {

struct LabelSpec {
    std::string name;                   // the tag written to photos
    std::vector<std::string> synonyms;  // further names, embedded like the label
    std::string source;                 // "file:line" it came from (for messages)

    // The name followed by the synonyms.
    std::vector<std::string> names() const;
    // "name: syn, syn" (the cache key: editing the synonyms re-encodes the label).
    std::string canonical() const;
};

struct LabelVocabulary {
    std::string name;  // "builtin" or the file's path
    std::vector<LabelSpec> labels;
};

// "builtin" or a file. Throws TaggingInputError "file:line: ..." for invalid UTF-8, an empty
// label or synonym, a label listed twice (case-insensitively, naming both lines), and a file
// with no labels at all.
LabelVocabulary loadLabelVocabulary(const std::string& builtinOrPath);

// Labels without synonyms (e.g. a dataset's class names), with the same checks.
LabelVocabulary makeLabelVocabulary(const std::string& name, const std::vector<std::string>& labels);

}  // namespace clipdesk
