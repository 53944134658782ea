#pragma once
// Learns a byte-level BPE vocabulary from texts the way CLIP's was built: the same cleaning,
// word split, byte characters and "</w>" word ends; repeatedly merges the most frequent
// adjacent pair. A small model trained from scratch (clipdesk-mini) ships such a vocabulary
// of its own, since CLIP's may not be redistributed with it here.

#include "clip/tokenizer/bpe_merges.h"

#include <string>
#include <vector>

namespace clipdesk::tokenizer {

// Up to `mergeCount` merges; stops early when no pair occurs `minPairCount` times. Ties go to
// the lexicographically smallest pair, so the result depends only on the texts.
std::vector<BpeMerge> learnBpeMerges(const std::vector<std::string>& texts, std::size_t mergeCount,
                                     std::size_t minPairCount = 2);

// Writes a merges file the tokenizer reads: "#version: 0.2 merges: N", then one merge per line.
void writeBpeMerges(const std::string& path, const std::vector<BpeMerge>& merges);

}  // namespace clipdesk::tokenizer
