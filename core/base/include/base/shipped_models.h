#pragma once
// Where the files Clipdesk ships under models/ (the bundled model, Chinese-CLIP's vocab.txt,
// the catalogue) are: installed beside the executable (<prefix>/share/clipdesk/models), then
// the source tree's models/ (development builds).

#include <filesystem>
#include <string>
#include <vector>

namespace clipdesk {

// The places `relative` (e.g. "clipdesk-mini") may be, in the order to try them.
std::vector<std::filesystem::path> shippedModelsCandidates(const std::string& relative);

}  // namespace clipdesk
