#include "base/utf8_text.h"

#include <cstdint>
#include <cstdio>

namespace clipdesk {

std::string_view withoutBom(std::string_view text) {
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    return text.substr(0, kBom.size()) == kBom ? text.substr(kBom.size()) : text;
}

std::optional<std::size_t> firstInvalidUtf8(std::string_view text) {
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const std::uint8_t b = s[i];
        if (b < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        std::uint8_t low = 0x80, high = 0xBF;  // allowed range of the second byte
        if (b >= 0xC2 && b <= 0xDF) {
            length = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3;
            if (b == 0xE0) low = 0xA0;   // overlong
            if (b == 0xED) high = 0x9F;  // surrogates
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4;
            if (b == 0xF0) low = 0x90;   // overlong
            if (b == 0xF4) high = 0x8F;  // above U+10FFFF
        } else {
            return i;
        }
        if (i + 1 >= n || s[i + 1] < low || s[i + 1] > high) return i;
        for (int k = 2; k < length; ++k)
            if (i + k >= n || (s[i + k] & 0xC0) != 0x80) return i;
        i += static_cast<std::size_t>(length);
    }
    return std::nullopt;
}

std::string describeInvalidByte(std::string_view text, std::size_t offset) {
    char hex[8];
    std::snprintf(hex, sizeof(hex), "0x%02X", static_cast<unsigned>(static_cast<std::uint8_t>(text[offset])));
    std::size_t character = 1;  // the prefix is valid UTF-8: count its lead bytes
    for (std::size_t i = 0; i < offset; ++i)
        if ((static_cast<std::uint8_t>(text[i]) & 0xC0) != 0x80) ++character;
    return std::string("byte ") + hex + " at character " + std::to_string(character);
}

std::string_view trimmed(std::string_view text) {
    constexpr std::string_view kSpace = " \t\n\v\f\r";
    const std::size_t first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace clipdesk
