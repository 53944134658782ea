#pragma once

#include "data/listed_pairs.h"

#include <string>

namespace clipdesk {

// Reads a folder (and its subfolders) of images, each with a caption file NAME.txt beside
// it (photo.jpg -> photo.txt). A caption file is UTF-8; each non-blank line, trimmed, is one
// caption, and an image with several is paired with one drawn at random. Images without a
// caption file are an error listing a few of them; with skipBadRows each is skipped with a
// warning, as are images whose caption file is empty or not UTF-8. Throws PairsFileError.
ListedPairs readCaptionFiles(const std::string& dir, const PairsOptions& options);

}  // namespace clipdesk
