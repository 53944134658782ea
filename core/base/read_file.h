#pragma once
// Reading a whole file into memory.

#include <stdexcept>
#include <string>

namespace clipdesk {

// A file could not be read; what() is "path: reason".
class FileReadError : public std::runtime_error {
public:
    FileReadError(const std::string& path, const std::string& reason)
        : std::runtime_error(path + ": " + reason), path_(path), reason_(reason) {}
    const std::string& path() const { return path_; }
    const std::string& reason() const { return reason_; }

private:
    std::string path_;
    std::string reason_;
};

// The file's bytes. Throws FileReadError (e.g. missing, unreadable, a directory).
std::string readFileBytes(const std::string& path);

}  // namespace clipdesk
