#pragma once
// UTF-8 / UTF-32 conversion and the Unicode operations (via ICU) that CLIP's text cleaning
// needs, each matching what Python does.

#include <string>
#include <string_view>

namespace clipdesk::tokenizer {

// Decodes UTF-8, replacing each ill-formed sequence (maximal subpart) with U+FFFD, as
// Python's bytes.decode("utf-8", errors="replace") does.
std::u32string decodeUtf8Lossy(std::string_view utf8);
std::string encodeUtf8(const std::u32string& text);

std::u32string normalizeNfc(const std::u32string& text);
std::u32string normalizeNfkc(const std::u32string& text);
std::u32string normalizeNfd(const std::u32string& text);

// Python's str.lower(): full lower-case mapping (e.g. "İ" -> "i̇", final sigma), root locale.
std::u32string toLowerFull(const std::u32string& text);

// Python's str.isspace().
bool isPythonStrSpace(char32_t c);
// What \s matches in the `regex` module that CLIP uses (Unicode White_Space).
bool isRegexSpace(char32_t c);
// Unicode category Nd (what \d matches in Python's re for str patterns).
bool isDecimalDigit(char32_t c);

// The general categories BERT's basic tokenizer asks about (Python's unicodedata.category).
bool isNonSpacingMark(char32_t c);    // Mn
bool isControlOrFormat(char32_t c);   // Cc or Cf
bool isSpaceSeparator(char32_t c);    // Zs
bool isPunctuationCategory(char32_t c);  // Pc, Pd, Ps, Pe, Pi, Pf or Po

// Byte 0x80..0x9F read as Windows-1252, bytes it leaves undefined kept as the C1 control
// (ftfy's "sloppy-windows-1252"); other values are returned unchanged.
char32_t sloppyWindows1252(char32_t c1);

}  // namespace clipdesk::tokenizer
