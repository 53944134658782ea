#pragma once

#include "clip/tokenizer/text_tokenizer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clipdesk {

// CLIP's byte-level BPE tokenizer (openai/CLIP simple_tokenizer.py semantics).
//
// Text is cleaned as CLIP does (ftfy.fix_text without its mojibake repair, html.unescape
// twice, whitespace collapsed, Unicode lower case), split with CLIP's pattern and BPE-encoded.
// Input is UTF-8; ill-formed sequences are replaced by U+FFFD before cleaning (CLIP itself
// only accepts valid text). A literal "<|startoftext|>" or "<|endoftext|>" in the text
// becomes the special token, as in CLIP. All methods may be called from several threads at
// once.
class ClipTokenizer : public TextTokenizer {
public:
    // Reads CLIP's merges: bpe_simple_vocab_16e6.txt.gz, the same file uncompressed, or a
    // Hugging Face merges.txt. Throws std::runtime_error naming the file on any problem.
    static std::shared_ptr<const ClipTokenizer> fromMergesFile(const std::string& path);

    virtual ~ClipTokenizer() = default;

    // BPE token ids of the cleaned text, without start/end tokens.
    std::vector<std::int32_t> encode(std::string_view utf8Text) const override = 0;
    // [sot] + encode(text) + [eot], truncated to contextLength with eot kept last, padded with 0.
    // Throws std::invalid_argument when contextLength < 1.
    TokenizedText tokenize(std::string_view utf8Text, int contextLength) const override = 0;
    TokenizedText tokenize(std::string_view utf8Text) const { return tokenize(utf8Text, 77); }
    // For debugging: the text the ids stand for, each end of word as a space ("a photo "),
    // ill-formed UTF-8 as U+FFFD. Throws std::out_of_range for an id outside the vocabulary.
    virtual std::string decode(const std::vector<std::int32_t>& ids) const = 0;

    virtual std::int32_t sotId() const = 0;  // 49406 for CLIP's vocabulary
    virtual std::int32_t eotId() const = 0;  // 49407
    std::size_t vocabSize() const override = 0;  // 49408
};

}  // namespace clipdesk
