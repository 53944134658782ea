#pragma once
// Reading a whole file into memory.

#include "base/path_error.h"

#include <string>

namespace clipdesk {

// A file could not be read; what() is "path: reason".
class FileReadError : public PathError {
public:
    using PathError::PathError;
};

// The file's bytes. Throws FileReadError (e.g. missing, unreadable, a directory).
std::string readFileBytes(const std::string& path);

}  // namespace clipdesk
