#pragma once
// BERT's basic tokenisation, the step before WordPiece (Chinese-CLIP's BasicTokenizer with
// do_lower_case): drop NUL, U+FFFD and control/format characters; every whitespace becomes a
// space; a space around each CJK ideograph; split on whitespace; lower-case each word, strip
// its accents (NFD, then drop the non-spacing marks) and split it at every punctuation
// character (ASCII symbols count as punctuation, as in BERT).

#include <string>
#include <string_view>
#include <vector>

namespace clipdesk::tokenizer {

std::vector<std::u32string> bertBasicTokens(std::string_view utf8Text);

// The CJK Unified Ideographs blocks BERT splits character by character (not kana or hangul).
bool isCjkIdeograph(char32_t c);

}  // namespace clipdesk::tokenizer
