#pragma once
// Reads a whole file, inflating it when it is gzip-compressed.

#include <string>

namespace clipdesk::tokenizer {

// The file's bytes; gzip files (magic 1f 8b, possibly several members) are decompressed.
// Throws std::runtime_error naming the file when it cannot be read, or when the gzip data is
// corrupt or truncated.
std::string readMaybeGzippedFile(const std::string& path);

}  // namespace clipdesk::tokenizer
