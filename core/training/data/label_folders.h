#pragma once

#include "data/listed_pairs.h"

#include <string>

namespace clipdesk {

// Reads a folder-per-label tree: DIR/<label>/**/image. Labels are the subfolders in sorted
// order (label i = i-th folder name); the class name is the folder name through
// classNameFromFolder. Each image's caption is drawn from options.templates (default
// {"a photo of a {}."}) filled with its class name. Images directly in DIR are ignored. A
// class folder without images is an error (with skipBadRows a warning; the class keeps its
// label). Throws PairsFileError, or std::invalid_argument for a template without "{}".
ListedPairs readLabelFolders(const std::string& dir, const PairsOptions& options);

}  // namespace clipdesk
