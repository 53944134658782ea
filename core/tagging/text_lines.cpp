#include "tagging/text_lines.h"

#include "base/read_file.h"
#include "base/utf8_text.h"

namespace clipdesk {

std::string atLine(const std::string& path, int line, const std::string& message) {
    return path + ":" + std::to_string(line) + ": " + message;
}

std::vector<TextLine> readEntryLines(const std::string& path) {
    std::string contents;
    try {
        contents = readFileBytes(path);
    } catch (const FileReadError& e) {
        throw TaggingInputError(e.what());
    }
    std::string_view text = withoutBom(contents);
    std::vector<TextLine> lines;
    int number = 0;
    while (!text.empty()) {
        ++number;
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (const auto bad = firstInvalidUtf8(line))
            throw TaggingInputError(atLine(path, number, "not valid UTF-8 (" + describeInvalidByte(line, *bad) +
                                                             "); save the file as UTF-8"));
        line = trimmed(line);
        if (line.empty() || line.front() == '#') continue;
        lines.push_back({number, std::string(line)});
    }
    return lines;
}

}  // namespace clipdesk
