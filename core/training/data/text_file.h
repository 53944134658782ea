#pragma once
// Reading the text of pairs and caption files (the UTF-8 checks are base/utf8_text.h).

#include "base/utf8_text.h"

#include <string>

namespace clipdesk {

// The file's bytes. Throws PairsFileError naming the file when it cannot be read.
std::string readTextFile(const std::string& path);

}  // namespace clipdesk
