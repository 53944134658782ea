#pragma once
// UTF-8 text checks shared by every reader of user text (pairs, captions, labels, templates).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace clipdesk {

// `text` without a leading UTF-8 byte order mark.
std::string_view withoutBom(std::string_view text);

// The offset of the first byte that is not part of well-formed UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF are ill-formed), or nullopt when all is valid.
std::optional<std::size_t> firstInvalidUtf8(std::string_view text);

// "byte 0xFF at character 12": where the bad byte at `offset` lies, counting characters from 1.
std::string describeInvalidByte(std::string_view text, std::size_t offset);

// `text` without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r).
std::string_view trimmed(std::string_view text);

}  // namespace clipdesk
