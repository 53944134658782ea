#pragma once
// What a text tower's tokenizer gives every caller: the ids of a text at the model's context
// length. CLIP's byte-level BPE (clip_tokenizer.h) and BERT's WordPiece for Chinese-CLIP
// (wordpiece_tokenizer.h) implement it; model_files.h opens the one a model's config names.

#include <cstdint>
#include <string_view>
#include <vector>

namespace clipdesk {

// One text turned into the text tower's fixed-length input.
struct TokenizedText {
    std::vector<std::int64_t> ids;  // exactly contextLength ids, padded with 0
    int untruncatedLength = 0;      // tokens incl. start and end before truncation
    bool truncated = false;
    int eotPosition = 0;            // index of the end token (CLIP's end-of-text, BERT's [SEP]) in ids
};

class TextTokenizer {
public:
    virtual ~TextTokenizer() = default;

    // Token ids of the cleaned text, without start/end tokens.
    virtual std::vector<std::int32_t> encode(std::string_view utf8Text) const = 0;
    // Start token + encode(text) + end token, truncated to contextLength with the end token
    // kept last, padded with 0. Throws std::invalid_argument when contextLength is too small.
    virtual TokenizedText tokenize(std::string_view utf8Text, int contextLength) const = 0;
    virtual std::size_t vocabSize() const = 0;
};

}  // namespace clipdesk
