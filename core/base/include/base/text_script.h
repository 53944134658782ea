#pragma once
// What a piece of UTF-8 text is written in, by ICU's Unicode properties: whether it has Han
// ideographs (a label or caption in Chinese), and whether it has any letter or digit at all
// (a query of only punctuation and symbols has none). Ill-formed bytes count as neither.

#include <string_view>

namespace clipdesk {

// True when `utf8` holds at least one ideograph (Unicode's Ideographic property: CJK unified
// ideographs and their extensions, compatibility ideographs, 〇).
bool hasIdeograph(std::string_view utf8);

// True when `utf8` holds at least one letter or digit of any script (ICU's u_isalnum).
bool hasLetterOrDigit(std::string_view utf8);

}  // namespace clipdesk
