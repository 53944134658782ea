#pragma once
// The two HTML-unescaping passes CLIP's cleaning runs: ftfy's cautious one and Python's
// html.unescape.

#include <string>

namespace clipdesk::tokenizer {

// Python's html.unescape: named references with or without ';' (longest legacy prefix,
// e.g. "&ampx" -> "&x"), decimal and hex references with HTML5's replacements.
std::u32string pythonHtmlUnescape(const std::u32string& text);

// ftfy.fixes.unescape_html: only "&name;" / "&#...;" with the semicolon, plus ftfy's all-caps
// names ("&EACUTE;").
std::u32string ftfyUnescapeHtml(const std::u32string& text);

}  // namespace clipdesk::tokenizer
