#include "data/listed_pairs.h"

#include "data/seeded_random.h"

#include <stdexcept>
#include <utility>

namespace clipdesk {
namespace {

class ListedPairDataset final : public PairDataset {
public:
    ListedPairDataset(ListedPairs pairs, const ImageDecoder& decoder, DecodeOptions decodeOptions)
        : pairs_(std::move(pairs)), decoder_(decoder), decodeOptions_(decodeOptions) {
        for (const ListedPair& pair : pairs_.pairs)
            if (pair.captionSet >= pairs_.captionSets.size() || pairs_.captionSets[pair.captionSet].empty())
                throw std::logic_error("ListedPairDataset: " + pair.source + " has no captions");
    }

    std::size_t size() const override { return pairs_.pairs.size(); }

    RgbImage image(std::size_t i) const override {
        return decoder_.decodeFile(at(i).imagePath, decodeOptions_).image;
    }

    std::string caption(std::size_t i, std::mt19937_64& rng) const override {
        const std::vector<std::string>& captions = pairs_.captionSets[at(i).captionSet];
        return captions.size() == 1 ? captions.front() : captions[uniformIndex(rng, captions.size())];
    }

    int label(std::size_t i) const override { return at(i).label; }
    std::vector<std::string> classNames() const override { return pairs_.classNames; }
    std::string describe(std::size_t i) const override { return at(i).source; }

private:
    const ListedPair& at(std::size_t i) const {
        if (i >= pairs_.pairs.size())
            throw std::out_of_range("pair " + std::to_string(i) + " of " + std::to_string(pairs_.pairs.size()));
        return pairs_.pairs[i];
    }

    ListedPairs pairs_;
    const ImageDecoder& decoder_;
    DecodeOptions decodeOptions_;
};

}  // namespace

std::unique_ptr<PairDataset> makeListedPairDataset(ListedPairs pairs, const ImageDecoder& decoder,
                                                   DecodeOptions decodeOptions) {
    return std::make_unique<ListedPairDataset>(std::move(pairs), decoder, decodeOptions);
}

}  // namespace clipdesk
