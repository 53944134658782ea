#pragma once
// User-editable text resources (templates, label lists): UTF-8, one entry per line, '#'
// comments and blank lines ignored. Every problem is reported as "file:line: what".

#include <stdexcept>
#include <string>
#include <vector>

namespace clipdesk {

class TaggingInputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct TextLine {
    int number = 0;    // 1-based line number in the file
    std::string text;  // trimmed, without the line break
};

// The file's non-blank, non-comment lines. A UTF-8 byte order mark is skipped and "\r\n"
// accepted. Throws TaggingInputError naming the file (and line) when it cannot be read or a
// line is not valid UTF-8.
std::vector<TextLine> readEntryLines(const std::string& path);

// "path:line: message"
std::string atLine(const std::string& path, int line, const std::string& message);

}  // namespace clipdesk
