#pragma once
// Reads CLIP's BPE merge list.

#include <cstddef>
#include <string>
#include <vector>

namespace clipdesk::tokenizer {

// CLIP uses lines [1, 49152 - 256 - 2 + 1) of the file: 48894 merges after a header line.
constexpr std::size_t kClipMergeCount = 49152 - 256 - 2;

struct BpeMerge {
    std::string left;   // UTF-8 of byte-unicode characters, possibly ending in "</w>"
    std::string right;
};

// The first kClipMergeCount merges of bpe_simple_vocab_16e6.txt(.gz) or a Hugging Face
// merges.txt; the first line (a version header in both) is skipped, as CLIP does, and lines
// after the merges CLIP uses are ignored. Throws std::runtime_error naming the file when it
// cannot be read, is not UTF-8, has fewer merges or a line that is not two symbols.
std::vector<BpeMerge> readBpeMerges(const std::string& path);

}  // namespace clipdesk::tokenizer
