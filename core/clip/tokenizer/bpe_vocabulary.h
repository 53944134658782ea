#pragma once
// CLIP's vocabulary (byte characters, the same with "</w>", one entry per merge, then the
// two special tokens) and the BPE merge loop over it.

#include "clip/tokenizer/bpe_merges.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clipdesk::tokenizer {

class BpeVocabulary {
public:
    // Throws std::runtime_error when a merge uses a symbol that is not yet in the vocabulary.
    explicit BpeVocabulary(const std::vector<BpeMerge>& merges);

    // simple_tokenizer.bpe() on one word (its raw UTF-8 bytes), as vocabulary ids.
    std::vector<std::int32_t> encodeWord(std::string_view wordBytes) const;

    // The entry's text, in byte-unicode characters (UTF-8), e.g. "photo</w>".
    const std::string& entry(std::int32_t id) const { return entries_.at(static_cast<std::size_t>(id)); }
    std::size_t size() const { return entries_.size(); }
    std::int32_t sotId() const { return sotId_; }
    std::int32_t eotId() const { return eotId_; }

private:
    struct Merge {
        std::int32_t rank;
        std::int32_t result;
    };
    static std::uint64_t pairKey(std::int32_t left, std::int32_t right) {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
    }

    // The merges by pair of ids, open addressing in one array: built at every start of a
    // process that tokenizes (49k pairs), where a node-based map spent a third of the
    // vocabulary's load in allocations.
    class PairTable {
    public:
        void reserve(std::size_t pairs);
        void insertOrAssign(std::uint64_t key, Merge merge);
        const Merge* find(std::uint64_t key) const;

    private:
        static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};  // ids are never negative
        std::size_t slotOf(std::uint64_t key) const;
        std::vector<std::uint64_t> keys_;
        std::vector<Merge> merges_;
        std::size_t mask_ = 0;
    };

    std::vector<std::string> entries_;
    PairTable merges_;
    std::int32_t sotId_ = 0;
    std::int32_t eotId_ = 0;
};

}  // namespace clipdesk::tokenizer
