#include "tokenizer/unicode_text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <stdexcept>

namespace clipdesk::tokenizer {
namespace {

icu::UnicodeString toIcu(const std::u32string& text) {
    return icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(text.data()),
                                         static_cast<int32_t>(text.size()));
}

std::u32string fromIcu(const icu::UnicodeString& text) {
    std::u32string out;
    out.reserve(static_cast<std::size_t>(text.length()));
    for (int32_t i = 0; i < text.length();) {
        const UChar32 c = text.char32At(i);
        out.push_back(static_cast<char32_t>(c));
        i += U16_LENGTH(c);
    }
    return out;
}

std::u32string normalize(const std::u32string& text, const icu::Normalizer2* (*instance)(UErrorCode&)) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = instance(status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU normalizer unavailable: ") + u_errorName(status));
    const icu::UnicodeString source = toIcu(text);
    if (normalizer->isNormalized(source, status) && U_SUCCESS(status)) return text;
    status = U_ZERO_ERROR;
    const icu::UnicodeString result = normalizer->normalize(source, status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU normalization failed: ") + u_errorName(status));
    return fromIcu(result);
}

}  // namespace

std::u32string decodeUtf8Lossy(std::string_view utf8) {
    return fromIcu(icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))));
}

std::string encodeUtf8(const std::u32string& text) {
    std::string out;
    out.reserve(text.size());
    for (char32_t c : text) {
        if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c <= 0x10FFFF) {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out += "\xEF\xBF\xBD";
        }
    }
    return out;
}

std::u32string normalizeNfc(const std::u32string& text) { return normalize(text, &icu::Normalizer2::getNFCInstance); }

std::u32string normalizeNfkc(const std::u32string& text) { return normalize(text, &icu::Normalizer2::getNFKCInstance); }

std::u32string normalizeNfd(const std::u32string& text) { return normalize(text, &icu::Normalizer2::getNFDInstance); }

std::u32string toLowerFull(const std::u32string& text) {
    icu::UnicodeString s = toIcu(text);
    s.toLower(icu::Locale::getRoot());
    return fromIcu(s);
}

bool isRegexSpace(char32_t c) {
    switch (c) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

bool isPythonStrSpace(char32_t c) { return isRegexSpace(c) || (c >= 0x1C && c <= 0x1F); }

bool isDecimalDigit(char32_t c) { return u_charType(static_cast<UChar32>(c)) == U_DECIMAL_DIGIT_NUMBER; }

namespace {
std::int8_t category(char32_t c) { return u_charType(static_cast<UChar32>(c)); }
}  // namespace

bool isNonSpacingMark(char32_t c) { return category(c) == U_NON_SPACING_MARK; }

bool isControlOrFormat(char32_t c) {
    const auto t = category(c);
    return t == U_CONTROL_CHAR || t == U_FORMAT_CHAR;
}

bool isSpaceSeparator(char32_t c) { return category(c) == U_SPACE_SEPARATOR; }

bool isPunctuationCategory(char32_t c) {
    switch (category(c)) {
    case U_CONNECTOR_PUNCTUATION: case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION:
    case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION: case U_OTHER_PUNCTUATION:
        return true;
    default:
        return false;
    }
}

char32_t sloppyWindows1252(char32_t c1) {
    static constexpr char32_t kC1[32] = {
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 0x80
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 0x88
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 0x90
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 0x98
    };
    return (c1 >= 0x80 && c1 <= 0x9F) ? kC1[c1 - 0x80] : c1;
}

}  // namespace clipdesk::tokenizer
