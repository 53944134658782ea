#pragma once
// What a tag may be called, checked wherever a user's tag enters the library (tag-set, the
// window's decisions, tag by example, XMP import): trimmed of surrounding whitespace, not empty,
// valid UTF-8 and free of control characters, so that every stored tag can be written to an XMP
// sidecar and a CSV file.

#include <string>
#include <string_view>

namespace clipdesk {

// The tag, trimmed. Throws TaggingInputError ("tag '...': reason") for an empty or
// whitespace-only name, invalid UTF-8 or a control character.
std::string checkedTagName(std::string_view tag);

}  // namespace clipdesk
