#include "clip/tokenizer/bpe_merges.h"

#include "tokenizer/file_contents.h"

#include <unicode/utf8.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace clipdesk::tokenizer {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw std::runtime_error(path + ": " + what);
}

// Offset of the first ill-formed UTF-8 sequence, or npos. Runs of ASCII (most of CLIP's 3 MB)
// are skipped 8 bytes at a time.
std::size_t firstInvalidUtf8(std::string_view bytes) {
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const auto length = static_cast<int32_t>(bytes.size());
    for (int32_t i = 0; i < length;) {
        std::uint64_t eight = 0;
        if (i + 8 <= length && (std::memcpy(&eight, s + i, 8), (eight & 0x8080808080808080ull) == 0)) {
            i += 8;
            continue;
        }
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) return static_cast<std::size_t>(start);
    }
    return std::string_view::npos;
}

bool isAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

// The first three space-separated words of a line (empty where there are fewer), and how many
// there were, up to 3: no allocation per line.
struct Words {
    std::string_view word[3];
    int count = 0;
};

Words firstWords(std::string_view line) {
    Words words;
    std::size_t i = 0;
    while (i < line.size() && words.count < 3) {
        while (i < line.size() && isAsciiSpace(line[i])) ++i;
        const std::size_t start = i;
        while (i < line.size() && !isAsciiSpace(line[i])) ++i;
        if (i > start) words.word[words.count++] = line.substr(start, i - start);
    }
    return words;
}

// "#version: 0.2 merges: 1500" declares a vocabulary of its own size; CLIP's files do not.
std::optional<std::size_t> declaredMergeCount(std::string_view header) {
    const auto at = header.find(kMergeCountKey);
    if (at == std::string_view::npos) return std::nullopt;
    std::size_t count = 0;
    for (std::size_t i = at + std::string_view(kMergeCountKey).size(); i < header.size() && header[i] >= '0' && header[i] <= '9'; ++i)
        count = count * 10 + static_cast<std::size_t>(header[i] - '0');
    return count;
}

}  // namespace

std::vector<BpeMerge> readBpeMerges(const std::string& path) {
    const std::string text = readMaybeGzippedFile(path);
    if (text.empty()) fail(path, "file is empty");
    if (const std::size_t bad = firstInvalidUtf8(text); bad != std::string_view::npos) {
        fail(path, "not UTF-8 text (invalid byte at offset " + std::to_string(bad) + ")");
    }
    const std::string_view all(text);
    const std::size_t expected = declaredMergeCount(all.substr(0, all.find('\n'))).value_or(kClipMergeCount);
    std::vector<BpeMerge> merges;
    merges.reserve(expected);
    std::size_t lineStart = all.find('\n');  // skip the header line
    std::size_t lineNumber = 1;
    while (lineStart != std::string_view::npos && merges.size() < expected) {
        ++lineStart;
        ++lineNumber;
        const std::size_t lineEnd = all.find('\n', lineStart);
        const std::string_view line =
            all.substr(lineStart, lineEnd == std::string_view::npos ? std::string_view::npos : lineEnd - lineStart);
        const Words parts = firstWords(line);
        if (parts.count != 2) {
            if (parts.count == 0 && lineEnd == std::string_view::npos) break;  // final newline
            fail(path, "line " + std::to_string(lineNumber) + " is not a merge of two symbols: \"" +
                           std::string(line.substr(0, 80)) + "\"");
        }
        merges.push_back({std::string(parts.word[0]), std::string(parts.word[1])});
        lineStart = lineEnd;
    }
    if (merges.size() < expected) {
        fail(path, "truncated: found " + std::to_string(merges.size()) + " merges, " +
                       (expected == kClipMergeCount ? "CLIP needs " : "its header declares ") + std::to_string(expected));
    }
    return merges;
}

}  // namespace clipdesk::tokenizer
