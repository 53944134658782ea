#include "tokenizer/text_fixer.h"

#include "tokenizer/html_unescape.h"
#include "tokenizer/unicode_text.h"

#include <unordered_map>

namespace clipdesk::tokenizer {
namespace {

constexpr std::size_t kMaxSegmentLength = 1000000;  // ftfy's max_decode_length
constexpr int kMaxPasses = 16;                        // ftfy loops until stable; this only guards

std::u32string fixC1Controls(const std::u32string& text) {
    std::u32string out = text;
    for (char32_t& c : out) c = sloppyWindows1252(c);
    return out;
}

std::u32string translate(const std::u32string& text, const std::unordered_map<char32_t, std::u32string>& map) {
    std::u32string out;
    out.reserve(text.size());
    for (char32_t c : text) {
        const auto it = map.find(c);
        if (it == map.end()) out.push_back(c);
        else out += it->second;
    }
    return out;
}

std::u32string fixLatinLigatures(const std::u32string& text) {
    static const std::unordered_map<char32_t, std::u32string> kLigatures = {
        {U'Ĳ', U"IJ"}, {U'ĳ', U"ij"}, {U'ŉ', U"ʼn"}, {U'Ǳ', U"DZ"}, {U'ǲ', U"Dz"}, {U'ǳ', U"dz"},
        {U'Ǆ', U"DŽ"}, {U'ǅ', U"Dž"}, {U'ǆ', U"dž"}, {U'Ǉ', U"LJ"}, {U'ǈ', U"Lj"}, {U'ǉ', U"lj"},
        {U'Ǌ', U"NJ"}, {U'ǋ', U"Nj"}, {U'ǌ', U"nj"}, {U'ﬀ', U"ff"}, {U'ﬁ', U"fi"}, {U'ﬂ', U"fl"},
        {U'ﬃ', U"ffi"}, {U'ﬄ', U"ffl"}, {U'ﬅ', U"ſt"}, {U'ﬆ', U"st"},
    };
    return translate(text, kLigatures);
}

// Halfwidth/fullwidth forms U+FF01..U+FFEF to their NFKC form, and U+3000 to a space.
std::u32string fixCharacterWidth(const std::u32string& text) {
    static const std::unordered_map<char32_t, std::u32string> kWidthMap = [] {
        std::unordered_map<char32_t, std::u32string> map{{0x3000, U" "}};
        for (char32_t c = 0xFF01; c < 0xFFF0; ++c) {
            const std::u32string single(1, c);
            std::u32string alternate = normalizeNfkc(single);
            if (alternate != single) map.emplace(c, std::move(alternate));
        }
        return map;
    }();
    return translate(text, kWidthMap);
}

std::u32string uncurlQuotes(const std::u32string& text) {
    std::u32string out = text;
    for (char32_t& c : out) {
        if (c == 0x02BC || (c >= 0x2018 && c <= 0x201B)) c = U'\'';
        else if (c >= 0x201C && c <= 0x201F) c = U'"';
    }
    return out;
}

std::u32string fixLineBreaks(const std::u32string& text) {
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text[i];
        if (c == U'\r') {
            out.push_back(U'\n');
            if (i + 1 < text.size() && text[i + 1] == U'\n') ++i;
        } else if (c == 0x2028 || c == 0x2029 || c == 0x85) {
            out.push_back(U'\n');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

bool isAsciiLetter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }

// ANSI escapes: \x1b\[((?:\d|;)*)([a-zA-Z])
std::u32string removeTerminalEscapes(const std::u32string& text) {
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == 0x1B && i + 1 < text.size() && text[i + 1] == U'[') {
            std::size_t j = i + 2;
            while (j < text.size() && (text[j] == U';' || isDecimalDigit(text[j]))) ++j;
            if (j < text.size() && isAsciiLetter(text[j])) {
                i = j + 1;
                continue;
            }
        }
        out.push_back(text[i++]);
    }
    return out;
}

bool isUnwantedControl(char32_t c) {
    return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F || (c >= 0x206A && c <= 0x206F) ||
           c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
}

std::u32string removeControlChars(const std::u32string& text) {
    std::u32string out;
    out.reserve(text.size());
    for (char32_t c : text) {
        if (!isUnwantedControl(c)) out.push_back(c);
    }
    return out;
}

// ftfy.fix_and_explain for one segment.
std::u32string fixSegment(std::u32string text, bool unescapeHtml) {
    for (int pass = 0; pass < kMaxPasses; ++pass) {
        const std::u32string original = text;
        if (unescapeHtml) text = ftfyUnescapeHtml(text);
        text = fixC1Controls(text);
        text = fixLatinLigatures(text);
        text = fixCharacterWidth(text);
        text = uncurlQuotes(text);
        text = fixLineBreaks(text);
        text = removeTerminalEscapes(text);
        text = removeControlChars(text);
        text = normalizeNfc(text);
        if (text == original) break;
    }
    return text;
}

}  // namespace

std::u32string fixText(const std::u32string& text) {
    std::u32string out;
    out.reserve(text.size());
    bool unescapeHtml = true;  // ftfy's "auto": text that contains '<' is taken for HTML
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t newline = text.find(U'\n', pos);
        std::size_t end = newline == std::u32string::npos ? text.size() : newline + 1;
        if (end - pos > kMaxSegmentLength) end = pos + kMaxSegmentLength;
        const std::u32string segment = text.substr(pos, end - pos);
        if (unescapeHtml && segment.find(U'<') != std::u32string::npos) unescapeHtml = false;
        out += fixSegment(segment, unescapeHtml);
        pos = end;
    }
    return out;
}

}  // namespace clipdesk::tokenizer
