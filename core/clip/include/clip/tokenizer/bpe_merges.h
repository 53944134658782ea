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

// Header key with which a vocabulary other than CLIP's declares its number of merges, e.g.
// "#version: 0.2 merges: 1500" (Hugging Face's loaders skip the "#version" line).
constexpr const char* kMergeCountKey = "merges: ";

// The merges of a vocabulary file: as many as its header line declares (see kMergeCountKey),
// else CLIP's first kClipMergeCount, from bpe_simple_vocab_16e6.txt(.gz) or a Hugging Face
// merges.txt. The first line (a version header in all of them) is skipped, as CLIP does, and
// lines after those merges are ignored. Throws std::runtime_error naming the file when it
// cannot be read, is not UTF-8, has fewer merges or a line that is not two symbols.
std::vector<BpeMerge> readBpeMerges(const std::string& path);

}  // namespace clipdesk::tokenizer
