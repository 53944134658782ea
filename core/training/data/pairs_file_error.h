#pragma once

#include <stdexcept>
#include <string>

namespace clipdesk {

// A pairs file, caption file or dataset folder that cannot be used. what() is one line:
// "pairs.csv:17: caption is empty", or "<path>: <reason>" when no line applies (line 0).
class PairsFileError : public std::runtime_error {
public:
    PairsFileError(const std::string& file, int line, const std::string& reason)
        : std::runtime_error(file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + reason),
          file_(file), line_(line), reason_(reason) {}
    const std::string& file() const { return file_; }
    int line() const { return line_; }
    const std::string& reason() const { return reason_; }

private:
    std::string file_;
    int line_ = 0;
    std::string reason_;
};

}  // namespace clipdesk
