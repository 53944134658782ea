#include "tokenizer/text_cleaning.h"

#include "tokenizer/html_unescape.h"
#include "tokenizer/text_fixer.h"
#include "tokenizer/unicode_text.h"

namespace clipdesk::tokenizer {
namespace {

// Python's str.strip().
std::u32string strip(const std::u32string& text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && isPythonStrSpace(text[begin])) ++begin;
    while (end > begin && isPythonStrSpace(text[end - 1])) --end;
    return text.substr(begin, end - begin);
}

// regex.sub(r"\s+", " ", text)
std::u32string collapseWhitespace(const std::u32string& text) {
    std::u32string out;
    out.reserve(text.size());
    bool inRun = false;
    for (char32_t c : text) {
        if (isRegexSpace(c)) {
            if (!inRun) out.push_back(U' ');
            inRun = true;
        } else {
            out.push_back(c);
            inRun = false;
        }
    }
    return out;
}

}  // namespace

std::string cleanText(std::string_view utf8) {
    std::u32string text = fixText(decodeUtf8Lossy(utf8));
    text = strip(pythonHtmlUnescape(pythonHtmlUnescape(text)));
    text = strip(collapseWhitespace(text));
    return encodeUtf8(toLowerFull(text));
}

}  // namespace clipdesk::tokenizer
