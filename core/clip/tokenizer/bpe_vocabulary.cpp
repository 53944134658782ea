#include "tokenizer/bpe_vocabulary.h"

#include "tokenizer/byte_unicode.h"
#include "tokenizer/unicode_text.h"

#include <limits>
#include <stdexcept>

namespace clipdesk::tokenizer {

BpeVocabulary::BpeVocabulary(const std::vector<BpeMerge>& merges) {
    const ByteUnicodeTable& bytes = byteUnicodeTable();
    entries_.reserve(512 + merges.size() + 2);
    for (std::uint8_t b : bytes.byteInVocabOrder) entries_.push_back(encodeUtf8(std::u32string(1, bytes.charOfByte[b])));
    for (std::size_t i = 0; i < 256; ++i) entries_.push_back(entries_[i] + "</w>");
    for (const BpeMerge& merge : merges) entries_.push_back(merge.left + merge.right);
    entries_.push_back("<|startoftext|>");
    entries_.push_back("<|endoftext|>");
    sotId_ = static_cast<std::int32_t>(entries_.size() - 2);
    eotId_ = static_cast<std::int32_t>(entries_.size() - 1);

    // CLIP's encoder is a dict built from this list: a repeated entry maps to its last id.
    std::unordered_map<std::string, std::int32_t> idOf;
    idOf.reserve(entries_.size());
    for (std::size_t id = 0; id < entries_.size(); ++id) idOf[entries_[id]] = static_cast<std::int32_t>(id);

    merges_.reserve(merges.size());
    for (std::size_t rank = 0; rank < merges.size(); ++rank) {
        const BpeMerge& merge = merges[rank];
        const auto left = idOf.find(merge.left);
        const auto right = idOf.find(merge.right);
        if (left == idOf.end() || right == idOf.end()) {
            throw std::runtime_error("merge " + std::to_string(rank + 1) + " (\"" + merge.left + " " + merge.right +
                                     "\") uses a symbol that is not in the vocabulary");
        }
        // bpe_ranks is a dict too: a repeated pair keeps its last rank.
        merges_[pairKey(left->second, right->second)] =
            Merge{static_cast<std::int32_t>(rank), idOf.at(merge.left + merge.right)};
    }
}

std::vector<std::int32_t> BpeVocabulary::encodeWord(std::string_view wordBytes) const {
    const ByteUnicodeTable& bytes = byteUnicodeTable();
    std::vector<std::int32_t> word;
    word.reserve(wordBytes.size());
    for (char c : wordBytes) word.push_back(bytes.vocabIndexOfByte[static_cast<std::uint8_t>(c)]);
    if (word.empty()) return word;
    word.back() += 256;  // the last symbol carries "</w>"

    std::vector<std::int32_t> merged;
    while (word.size() > 1) {
        // The adjacent pair with the lowest rank...
        std::int32_t bestRank = std::numeric_limits<std::int32_t>::max();
        const Merge* best = nullptr;
        std::int32_t first = 0;
        std::int32_t second = 0;
        for (std::size_t i = 0; i + 1 < word.size(); ++i) {
            const auto it = merges_.find(pairKey(word[i], word[i + 1]));
            if (it != merges_.end() && it->second.rank < bestRank) {
                bestRank = it->second.rank;
                best = &it->second;
                first = word[i];
                second = word[i + 1];
            }
        }
        if (!best) break;
        // ...merged everywhere it occurs, left to right without overlap.
        merged.clear();
        for (std::size_t i = 0; i < word.size();) {
            if (i + 1 < word.size() && word[i] == first && word[i + 1] == second) {
                merged.push_back(best->result);
                i += 2;
            } else {
                merged.push_back(word[i++]);
            }
        }
        word.swap(merged);
    }
    return word;
}

}  // namespace clipdesk::tokenizer
