#include "json_lines.h"

#include <cstddef>
#include <iterator>
#include <vector>

namespace clipdesk {
namespace {

// A forward iterator over the text that counts the newlines it steps over.
class LineCountingIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    LineCountingIterator(const char* position, int* line) : position_(position), line_(line) {}
    reference operator*() const { return *position_; }
    LineCountingIterator& operator++() {
        if (*position_ == '\n') ++*line_;
        ++position_;
        return *this;
    }
    bool operator==(const LineCountingIterator& other) const { return position_ == other.position_; }
    bool operator!=(const LineCountingIterator& other) const { return position_ != other.position_; }

private:
    const char* position_;
    int* line_;
};

// Where the parser is: one frame per open object or array.
struct Frame {
    bool array = false;
    std::size_t index = 0;  // next element of an array
    std::string key;        // current key of an object
};

std::string escapePointerToken(const std::string& token) {
    std::string out;
    for (char c : token) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string pointerOf(const std::vector<Frame>& frames) {
    std::string p;
    for (const auto& f : frames) p += "/" + (f.array ? std::to_string(f.index) : escapePointerToken(f.key));
    return p;
}

}  // namespace

int JsonWithLines::lineOf(std::string pointer) const {
    while (true) {
        if (const auto it = lines.find(pointer); it != lines.end()) return it->second;
        if (pointer.empty()) return 0;
        pointer.erase(pointer.rfind('/'));
    }
}

JsonWithLines parseJsonWithLines(const std::string& text, const std::string& source) {
    JsonWithLines out;
    int line = 1;
    std::vector<Frame> frames;
    auto elementDone = [&frames] {
        if (!frames.empty() && frames.back().array) ++frames.back().index;
    };
    const nlohmann::json::parser_callback_t callback = [&](int, nlohmann::json::parse_event_t event,
                                                           nlohmann::json& parsed) {
        using E = nlohmann::json::parse_event_t;
        switch (event) {
            case E::object_start:
            case E::array_start:
                out.lines.emplace(pointerOf(frames), line);
                frames.push_back(Frame{event == E::array_start, 0, {}});
                break;
            case E::key:
                frames.back().key = parsed.get<std::string>();
                out.lines.emplace(pointerOf(frames), line);
                break;
            case E::object_end:
            case E::array_end:
                frames.pop_back();
                elementDone();
                break;
            case E::value:
                out.lines.emplace(pointerOf(frames), line);
                elementDone();
                break;
        }
        return true;
    };
    try {
        out.value = nlohmann::json::parse(LineCountingIterator(text.data(), &line),
                                          LineCountingIterator(text.data() + text.size(), &line), callback);
    } catch (const nlohmann::json::parse_error& e) {
        int errorLine = 1;
        for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i)
            if (text[i] == '\n') ++errorLine;
        std::string what = e.what();
        if (const auto at = what.find("parse error"); at != std::string::npos) what = what.substr(at);
        throw JsonFileError(source + ":" + std::to_string(errorLine) + ": malformed JSON: " + what);
    }
    return out;
}

}  // namespace clipdesk
