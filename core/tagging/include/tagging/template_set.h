#pragma once
// Prompt template sets: "imagenet80" (CLIP's 80 ImageNet templates), "short7" (the 7 chosen in
// CLIP's notebook), "single" ("a photo of a {}."), each a file under prompts/templates/, or a
// user file with one template per line, "{}" standing for the label.
//
// A built-in set also has a Chinese rendition (prompts/templates/zh/<name>.txt, e.g.
// 一张{}的照片。): a label name written in Chinese (one with Han ideographs) is put into the
// Chinese templates, any other name into the English ones, so a bilingual model tags 运动鞋
// and "sneaker" each in its own language. A user file is used for every name, as written.

#include <string>
#include <vector>

namespace clipdesk {

struct TemplateSet {
    std::string name;                    // "imagenet80", ... or the file's path
    std::vector<std::string> templates;  // English (built-in), or the file's for every name
    std::vector<std::string> chineseTemplates;  // for names with ideographs; empty: `templates` for all
    std::string key;                     // name + ":" + digest of the templates (cache key)

    // The templates a label name (a label or one of its synonyms) is put into.
    const std::vector<std::string>& templatesFor(const std::string& labelName) const;
};

// The names of the built-in sets.
const std::vector<std::string>& builtinTemplateSetNames();

// A built-in set by name (with its Chinese rendition), else the file at `nameOrPath`. Throws
// TaggingInputError with "file:line: ..." for a template without "{}" or a file with no templates.
TemplateSet loadTemplateSet(const std::string& nameOrPath);

// A set from templates in memory (e.g. Fashion-MNIST's held-out set), used for every name;
// same checks. With `chinese` not empty, names in Chinese use those instead.
TemplateSet makeTemplateSet(const std::string& name, const std::vector<std::string>& templates,
                            const std::vector<std::string>& chinese = {});

}  // namespace clipdesk
