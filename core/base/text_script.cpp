#include "base/text_script.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace clipdesk {
namespace {

template <typename Test>
bool anyCodePoint(std::string_view utf8, Test test) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<std::int32_t>(utf8.size());
    for (std::int32_t at = 0; at < length;) {
        UChar32 c = 0;
        U8_NEXT(bytes, at, length, c);
        if (c >= 0 && test(c)) return true;
    }
    return false;
}

}  // namespace

bool hasIdeograph(std::string_view utf8) {
    return anyCodePoint(utf8, [](UChar32 c) { return u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) != 0; });
}

bool hasLetterOrDigit(std::string_view utf8) {
    return anyCodePoint(utf8, [](UChar32 c) { return u_isalnum(c) != 0; });
}

}  // namespace clipdesk
