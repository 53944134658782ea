#pragma once
// Prompt template sets: "imagenet80" (CLIP's 80 ImageNet templates), "short7" (the 7 chosen in
// CLIP's notebook), "single" ("a photo of a {}."), each a file under prompts/templates/, or a
// user file with one template per line, "{}" standing for the label.

#include <string>
#include <vector>

namespace clipdesk {

struct TemplateSet {
    std::string name;                    // "imagenet80", ... or the file's path
    std::vector<std::string> templates;
    std::string key;                     // name + ":" + digest of the templates (cache key)
};

// The names of the built-in sets.
const std::vector<std::string>& builtinTemplateSetNames();

// A built-in set by name, else the file at `nameOrPath`. Throws TaggingInputError with
// "file:line: ..." for a template without "{}" or a file with no templates.
TemplateSet loadTemplateSet(const std::string& nameOrPath);

// A set from templates in memory (e.g. Fashion-MNIST's held-out set); same checks.
TemplateSet makeTemplateSet(const std::string& name, const std::vector<std::string>& templates);

}  // namespace clipdesk
