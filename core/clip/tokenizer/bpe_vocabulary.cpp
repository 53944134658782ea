#include "tokenizer/bpe_vocabulary.h"

#include "tokenizer/byte_unicode.h"
#include "tokenizer/unicode_text.h"

#include <functional>
#include <limits>
#include <stdexcept>

namespace clipdesk::tokenizer {
namespace {

// The last id of each entry, by its text: open addressing over views of the entries (built
// once per process, 49k entries; a node-based map spent most of its time in cache misses).
class EntryIds {
public:
    explicit EntryIds(const std::vector<std::string>& entries) : entries_(entries) {
        std::size_t slots = 16;
        while (slots < 2 * entries.size()) slots *= 2;
        ids_.assign(slots, -1);
        mask_ = slots - 1;
        for (std::size_t id = 0; id < entries.size(); ++id) ids_[slotOf(entries[id])] = static_cast<std::int32_t>(id);
    }

    // -1 if absent
    std::int32_t find(std::string_view text) const { return ids_[slotOf(text)]; }

private:
    std::size_t slotOf(std::string_view text) const {
        std::size_t slot = std::hash<std::string_view>{}(text) & mask_;
        while (ids_[slot] >= 0 && entries_[static_cast<std::size_t>(ids_[slot])] != text) slot = (slot + 1) & mask_;
        return slot;
    }

    const std::vector<std::string>& entries_;
    std::vector<std::int32_t> ids_;
    std::size_t mask_ = 0;
};

}  // namespace

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
    const EntryIds idOf(entries_);

    merges_.reserve(merges.size());
    for (std::size_t rank = 0; rank < merges.size(); ++rank) {
        const BpeMerge& merge = merges[rank];
        const std::int32_t left = idOf.find(merge.left);
        const std::int32_t right = idOf.find(merge.right);
        if (left < 0 || right < 0) {
            throw std::runtime_error("merge " + std::to_string(rank + 1) + " (\"" + merge.left + " " + merge.right +
                                     "\") uses a symbol that is not in the vocabulary");
        }
        // bpe_ranks is a dict too: a repeated pair keeps its last rank. The merged symbol is
        // entry 512 + rank, or a later copy of it.
        merges_.insertOrAssign(pairKey(left, right), Merge{static_cast<std::int32_t>(rank), idOf.find(entries_[512 + rank])});
    }
}

void BpeVocabulary::PairTable::reserve(std::size_t pairs) {
    std::size_t slots = 16;
    while (slots < 2 * pairs) slots *= 2;  // at most half full
    keys_.assign(slots, kEmpty);
    merges_.assign(slots, Merge{0, 0});
    mask_ = slots - 1;
}

std::size_t BpeVocabulary::PairTable::slotOf(std::uint64_t key) const {
    std::size_t slot = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask_;  // Fibonacci hashing
    while (keys_[slot] != kEmpty && keys_[slot] != key) slot = (slot + 1) & mask_;
    return slot;
}

void BpeVocabulary::PairTable::insertOrAssign(std::uint64_t key, Merge merge) {
    const std::size_t slot = slotOf(key);
    keys_[slot] = key;
    merges_[slot] = merge;
}

const BpeVocabulary::Merge* BpeVocabulary::PairTable::find(std::uint64_t key) const {
    if (keys_.empty()) return nullptr;
    const std::size_t slot = slotOf(key);
    return keys_[slot] == key ? &merges_[slot] : nullptr;
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
            const Merge* merge = merges_.find(pairKey(word[i], word[i + 1]));
            if (merge && merge->rank < bestRank) {
                bestRank = merge->rank;
                best = merge;
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
