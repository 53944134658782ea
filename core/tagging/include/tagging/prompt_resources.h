#pragma once
// Where the plain-text prompt resources (template sets, label vocabularies) are: the package
// installs them to <executable>/../share/clipdesk/prompts; a development build reads them
// from the source tree's resources/prompts.

#include <filesystem>
#include <optional>

namespace clipdesk {

// The prompts folder, or nullopt when neither place has one.
std::optional<std::filesystem::path> promptResourceDir();

// "<prompts>/<relative>"; throws std::runtime_error naming every place looked at if absent.
std::filesystem::path promptResource(const std::filesystem::path& relative);

}  // namespace clipdesk
