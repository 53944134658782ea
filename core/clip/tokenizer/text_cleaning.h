#pragma once
// CLIP's text normalisation before splitting into words.

#include <string>
#include <string_view>

namespace clipdesk::tokenizer {

// whitespace_clean(basic_clean(text)).lower() from openai/CLIP simple_tokenizer.py:
// ftfy.fix_text (see text_fixer.h), html.unescape twice, strip, runs of whitespace to one
// space, strip, Unicode lower case. Ill-formed UTF-8 in the input becomes U+FFFD first.
// Returns UTF-8.
std::string cleanText(std::string_view utf8);

}  // namespace clipdesk::tokenizer
