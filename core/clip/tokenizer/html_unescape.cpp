#include "tokenizer/html_unescape.h"

#include "tokenizer/html_entities.h"
#include "tokenizer/unicode_text.h"

#include <optional>
#include <string_view>

namespace clipdesk::tokenizer {
namespace {

bool isAsciiDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool isAsciiHexDigit(char32_t c) {
    return isAsciiDigit(c) || (c >= U'a' && c <= U'f') || (c >= U'A' && c <= U'F');
}
bool isAsciiAlnum(char32_t c) { return isAsciiDigit(c) || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }

int hexValue(char32_t c) {
    if (isAsciiDigit(c)) return static_cast<int>(c - U'0');
    if (c >= U'a' && c <= U'f') return static_cast<int>(c - U'a' + 10);
    return static_cast<int>(c - U'A' + 10);
}

// Code points Python's html module drops from numeric references (html._invalid_codepoints).
bool isDroppedCodepoint(char32_t c) {
    if ((c >= 0x1 && c <= 0x8) || c == 0xB || (c >= 0xE && c <= 0x1F) || (c >= 0x7F && c <= 0x9F)) return true;
    if (c >= 0xFDD0 && c <= 0xFDEF) return true;
    return (c & 0xFFFE) == 0xFFFE;  // U+xFFFE and U+xFFFF of every plane
}

// html._replace_charref for "#123" / "#x7b"; value is already capped above 0x10FFFF.
std::u32string numericReference(char32_t value) {
    if (value == 0) return U"\uFFFD";
    if (value == 0x0D) return U"\r";
    if (value >= 0x80 && value <= 0x9F) return std::u32string(1, sloppyWindows1252(value));
    if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) return U"\uFFFD";
    if (isDroppedCodepoint(value)) return U"";
    return std::u32string(1, value);
}

std::optional<std::string> asciiName(std::u32string_view name) {
    std::string out;
    out.reserve(name.size());
    for (char32_t c : name) {
        if (c >= 0x80) return std::nullopt;
        out.push_back(static_cast<char>(c));
    }
    return out;
}

std::optional<std::u32string> lookupHtml5(std::u32string_view name) {
    const auto ascii = asciiName(name);
    if (!ascii) return std::nullopt;
    const auto value = html5Entity(*ascii);
    if (!value) return std::nullopt;
    return decodeUtf8Lossy(*value);
}

// html._replace_charref for a name ("amp;", "ampx", ...).
std::u32string namedReference(std::u32string_view name) {
    if (auto value = lookupHtml5(name)) return *value;
    for (std::size_t length = name.size() - 1; length >= 2 && length < name.size(); --length) {
        if (auto value = lookupHtml5(name.substr(0, length))) return *value + std::u32string(name.substr(length));
    }
    return U"&" + std::u32string(name);
}

bool endsName(char32_t c) {
    return c == U'\t' || c == U'\n' || c == U'\f' || c == U' ' || c == U'<' || c == U'&' || c == U'#' || c == U';';
}

// Tries html's pattern &(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?) at text[amp].
// On a match, appends the replacement to out and returns the index after the match.
std::optional<std::size_t> replaceReferenceAt(const std::u32string& text, std::size_t amp, std::u32string& out) {
    const std::size_t n = text.size();
    std::size_t i = amp + 1;
    if (i < n && text[i] == U'#') {
        ++i;
        int base = 10;
        if (i < n && (text[i] == U'x' || text[i] == U'X') && i + 1 < n && isAsciiHexDigit(text[i + 1])) {
            base = 16;
            ++i;
        } else if (i >= n || !isAsciiDigit(text[i])) {
            return std::nullopt;
        }
        char32_t value = 0;
        while (i < n && (base == 16 ? isAsciiHexDigit(text[i]) : isAsciiDigit(text[i]))) {
            if (value <= 0x10FFFF) value = value * base + static_cast<char32_t>(hexValue(text[i]));
            ++i;
        }
        if (i < n && text[i] == U';') ++i;
        out += numericReference(value > 0x10FFFF ? 0x110000 : value);
        return i;
    }
    const std::size_t start = i;
    while (i < n && i - start < 32 && !endsName(text[i])) ++i;
    if (i == start) return std::nullopt;
    if (i < n && text[i] == U';') ++i;
    out += namedReference(std::u32string_view(text).substr(start, i - start));
    return i;
}

}  // namespace

std::u32string pythonHtmlUnescape(const std::u32string& text) {
    if (text.find(U'&') == std::u32string::npos) return text;
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == U'&') {
            if (auto next = replaceReferenceAt(text, i, out)) {
                i = *next;
                continue;
            }
        }
        out.push_back(text[i++]);
    }
    return out;
}

std::u32string ftfyUnescapeHtml(const std::u32string& text) {
    if (text.find(U'&') == std::u32string::npos) return text;
    std::u32string out;
    out.reserve(text.size());
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
        // ftfy's HTML_ENTITY_RE: &#?[0-9A-Za-z]{1,24};
        if (text[i] == U'&') {
            std::size_t j = i + 1;
            if (j < n && text[j] == U'#') ++j;
            std::size_t k = j;
            while (k < n && k - j < 24 && isAsciiAlnum(text[k])) ++k;
            if (k > j && k < n && text[k] == U';') {
                const std::u32string match = text.substr(i, k + 1 - i);
                const auto name = asciiName(std::u32string_view(match).substr(1));
                if (const auto value = ftfyEntity(*name)) {
                    out += decodeUtf8Lossy(*value);
                } else if (match[1] == U'#') {
                    const std::u32string decoded = pythonHtmlUnescape(match);
                    out += decoded.find(U';') == std::u32string::npos ? decoded : match;
                } else {
                    out += match;
                }
                i = k + 1;
                continue;
            }
        }
        out.push_back(text[i++]);
    }
    return out;
}

}  // namespace clipdesk::tokenizer
