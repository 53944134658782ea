#pragma once
// An error about one file or folder: what() is "path: reason", and both parts stay readable
// on their own (a library records the reason next to the path).

#include <stdexcept>
#include <string>

namespace clipdesk {

class PathError : public std::runtime_error {
public:
    PathError(const std::string& path, const std::string& reason)
        : std::runtime_error(path + ": " + reason), path_(path), reason_(reason) {}
    const std::string& path() const { return path_; }
    const std::string& reason() const { return reason_; }

private:
    std::string path_;
    std::string reason_;
};

}  // namespace clipdesk
