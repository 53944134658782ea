#include "tokenizer/bert_basic_tokenizer.h"

#include "tokenizer/unicode_text.h"

namespace clipdesk::tokenizer {
namespace {

bool isBertWhitespace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || isSpaceSeparator(c); }

bool isBertControl(char32_t c) { return c != '\t' && c != '\n' && c != '\r' && isControlOrFormat(c); }

// BERT treats every non-alphanumeric ASCII character as punctuation ("$", "^", "`" are
// symbols in Unicode).
bool isBertPunctuation(char32_t c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
    return isPunctuationCategory(c);
}

// Python's str.split(): runs of whitespace separate words; none are empty.
std::vector<std::u32string> splitOnWhitespace(const std::u32string& text) {
    std::vector<std::u32string> words;
    std::u32string word;
    for (char32_t c : text) {
        if (isPythonStrSpace(c)) {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word.push_back(c);
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

std::u32string stripAccents(const std::u32string& word) {
    std::u32string out;
    for (char32_t c : normalizeNfd(word))
        if (!isNonSpacingMark(c)) out.push_back(c);
    return out;
}

void splitOnPunctuation(const std::u32string& word, std::vector<std::u32string>& out) {
    std::u32string piece;
    for (char32_t c : word) {
        if (isBertPunctuation(c)) {
            if (!piece.empty()) out.push_back(std::move(piece));
            piece.clear();
            out.push_back(std::u32string(1, c));
        } else {
            piece.push_back(c);
        }
    }
    if (!piece.empty()) out.push_back(std::move(piece));
}

}  // namespace

bool isCjkIdeograph(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

std::vector<std::u32string> bertBasicTokens(std::string_view utf8Text) {
    std::u32string cleaned;
    for (char32_t c : decodeUtf8Lossy(utf8Text)) {
        if (c == 0 || c == 0xFFFD || isBertControl(c)) continue;
        if (isBertWhitespace(c)) {
            cleaned.push_back(' ');
        } else if (isCjkIdeograph(c)) {
            cleaned += U" ";
            cleaned.push_back(c);
            cleaned += U" ";
        } else {
            cleaned.push_back(c);
        }
    }
    std::vector<std::u32string> pieces;
    for (const auto& word : splitOnWhitespace(cleaned)) splitOnPunctuation(stripAccents(toLowerFull(word)), pieces);
    // Lower-casing and accent stripping can leave empty pieces or bring whitespace; BERT
    // splits the joined pieces on whitespace again.
    std::u32string joined;
    for (const auto& piece : pieces) {
        if (!joined.empty()) joined.push_back(' ');
        joined += piece;
    }
    return splitOnWhitespace(joined);
}

}  // namespace clipdesk::tokenizer
