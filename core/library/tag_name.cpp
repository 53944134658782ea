#include "library/tag_name.h"

#include "base/utf8_text.h"

#include <algorithm>

namespace clipdesk {

std::string checkedTagName(std::string_view tag) {
    if (const auto bad = firstInvalidUtf8(tag))
        throw TagNameError("tag name is not valid UTF-8 (" + describeInvalidByte(tag, *bad) + ")");
    const std::string name(trimmed(tag));
    if (name.empty()) throw TagNameError("tag name is empty or only whitespace");
    // XML 1.0 cannot carry C0 control characters (other than tab and line breaks, which a tag
    // name has no use for either) or DEL.
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        throw TagNameError("tag '" + name + "': contains a control character");
    return name;
}

}  // namespace clipdesk
