#pragma once
// The part of ftfy.fix_text (ftfy 6.x, default settings) that CLIP's cleaning relies on.

#include <string>

namespace clipdesk::tokenizer {

// ftfy.fix_text with its default fixers, applied line by line until nothing changes:
// unescape_html (skipped from the first line containing '<' on), fix_c1_controls,
// fix_latin_ligatures, fix_character_width, uncurl_quotes, fix_line_breaks,
// remove_terminal_escapes, remove_control_chars and NFC normalisation.
// Not implemented: fix_encoding (heuristic mojibake repair such as "Ã©" -> "é"); text that
// is not mojibake is unaffected by it.
std::u32string fixText(const std::u32string& text);

}  // namespace clipdesk::tokenizer
