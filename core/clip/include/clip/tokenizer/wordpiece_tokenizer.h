#pragma once
// BERT's WordPiece tokenizer as Chinese-CLIP uses it (cn_clip/clip/bert_tokenizer.py and the
// tokenize() of cn_clip/clip/utils.py): basic tokenisation (text cleaning, CJK ideographs one
// by one, lower case, accents stripped, punctuation split), then greedy longest-match-first
// WordPiece with "##" continuations; a word with a piece outside the vocabulary, or longer
// than 200 characters, is one [UNK]. The model's input is [CLS] + the first
// contextLength - 2 ids + [SEP], padded with [PAD] = 0.

#include "clip/tokenizer/text_tokenizer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clipdesk {

class WordPieceTokenizer : public TextTokenizer {
public:
    // Reads a BERT vocab.txt: one token per line, its line number (from 0) its id. Throws
    // std::runtime_error naming the file (and the line) when it is not a WordPiece vocabulary:
    // a line holding spaces (a BPE merges file), no [CLS]/[SEP]/[UNK], [PAD] not at id 0.
    static std::shared_ptr<const WordPieceTokenizer> fromVocabFile(const std::string& path);

    virtual ~WordPieceTokenizer() = default;

    // The word pieces of the text, without [CLS]/[SEP] (for tests and debugging).
    virtual std::vector<std::string> pieces(std::string_view utf8Text) const = 0;
    std::vector<std::int32_t> encode(std::string_view utf8Text) const override = 0;
    // Chinese-CLIP's context is 52. eotPosition is [SEP]'s index. Throws std::invalid_argument
    // when contextLength < 2.
    TokenizedText tokenize(std::string_view utf8Text, int contextLength) const override = 0;
    TokenizedText tokenize(std::string_view utf8Text) const { return tokenize(utf8Text, 52); }

    virtual std::int32_t clsId() const = 0;  // 101 in Chinese-CLIP's vocabulary
    virtual std::int32_t sepId() const = 0;  // 102
    virtual std::int32_t unkId() const = 0;  // 100
    std::size_t vocabSize() const override = 0;  // 21128
};

}  // namespace clipdesk
