#pragma once

#include "training/data/pair_dataset.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace clipdesk {

// One image file and the captions it goes with.
struct ListedPair {
    std::string imagePath;       // resolved: ready to open
    std::size_t captionSet = 0;  // index into ListedPairs::captionSets
    int label = -1;
    std::string source;          // for messages: "pairs.csv:17" or the image path
};

// What the pairs-file and folder readers produce.
struct ListedPairs {
    std::vector<ListedPair> pairs;
    std::vector<std::vector<std::string>> captionSets;  // each non-empty; one caption is drawn per use
    std::vector<std::string> classNames;
};

// A PairDataset over image files, decoded on demand with `decoder` (which must outlive it).
std::unique_ptr<PairDataset> makeListedPairDataset(ListedPairs pairs, const ImageDecoder& decoder,
                                                   DecodeOptions decodeOptions);

}  // namespace clipdesk
