#pragma once
// What a tag may be called, checked wherever a user's tag enters the library (tag-set, the
// window's decisions, tag by example, XMP import): trimmed of surrounding whitespace, not empty,
// valid UTF-8 and free of control characters, so that every stored tag can be written to an XMP
// sidecar and a CSV file.

#include <stdexcept>
#include <string>
#include <string_view>

namespace clipdesk {

class TagNameError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// The tag, trimmed. Throws TagNameError ("tag '...': reason") for an empty or whitespace-only
// name, invalid UTF-8 or a control character.
std::string checkedTagName(std::string_view tag);

}  // namespace clipdesk
