#pragma once
// Splits cleaned text into the pieces CLIP runs BPE on.

#include <memory>
#include <string_view>
#include <vector>

namespace clipdesk::tokenizer {

// CLIP's pattern, compiled with PCRE2 (UTF + UCP + CASELESS, as CLIP uses re.IGNORECASE):
//   <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
// Two details make PCRE2 agree with the `regex` module CLIP uses: \s is spelt out as
// `regex`'s set (Unicode White_Space, narrower than PCRE2's), and U+0345 is left out of the
// last class because `regex` ignoring case treats it as its letter case-fold, U+03B9.
// (Case-insensitive 's also matches 'ſ in both.) Letters and digits follow PCRE2's Unicode
// tables, which can lag those of `regex` for characters assigned in recent Unicode versions.
// Safe to use from several threads at once.
class WordSplitter {
public:
    WordSplitter();
    ~WordSplitter();
    WordSplitter(const WordSplitter&) = delete;
    WordSplitter& operator=(const WordSplitter&) = delete;

    // The matches, in order, as views into utf8 (which must be valid UTF-8).
    std::vector<std::string_view> split(std::string_view utf8) const;

private:
    struct Pattern;
    std::unique_ptr<Pattern> pattern_;
};

}  // namespace clipdesk::tokenizer
