#pragma once
// Helpers for the data tests: files written into temporary folders, a small tokenizer, and
// in-memory datasets.

#include "clip/tokenizer/clip_tokenizer.h"
#include "training/data/pair_dataset.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace clipdesk::test {

// Writes `bytes` to `path`, creating missing parent folders.
void writeFileText(const std::string& path, const std::string& bytes);

// A width x height image whose first pixel is (tag, 255 - tag, 7) and the rest a pattern; the
// format follows the extension (.png, .jpg, .bmp, ...). Creates missing parent folders.
void writeTestImage(const std::string& path, int width, int height, std::uint8_t tag = 0);

// gzip-compressed `bytes`.
std::string gzipped(const std::string& bytes);

// The what() of the PairsFileError that `open` throws; "<no error>" when none is thrown and
// "<other exception: ...>" for another type.
QString pairsErrorOf(const std::function<void()>& open);

// Collects warnings: PairsOptions::warn = collector.sink().
struct WarningCollector {
    std::vector<std::string> messages;
    std::function<void(const std::string&)> sink() {
        return [this](const std::string& m) { messages.push_back(m); };
    }
};

// Tokens are one id per word: 1 + (hash(word) % 1000); start 49406, end 49407, padding 0.
class WordTokenizer final : public ClipTokenizer {
public:
    std::vector<std::int32_t> encode(std::string_view utf8Text) const override;
    TokenizedText tokenize(std::string_view utf8Text, int contextLength = 77) const override;
    std::string decode(const std::vector<std::int32_t>& ids) const override;
    std::int32_t sotId() const override { return 49406; }
    std::int32_t eotId() const override { return 49407; }
    std::size_t vocabSize() const override { return 49408; }
};

// `count` pairs held in memory: image i is (40 + i % 7) x (36 + i % 5) with its first pixel's
// red channel = i % 256; its captions are "pair i first" and "pair i second" (one drawn per
// use); label i % 3. Images listed in `broken` throw ImageDecodeError.
class MemoryPairs final : public PairDataset {
public:
    explicit MemoryPairs(std::size_t count, std::set<std::size_t> broken = {});
    std::size_t size() const override { return count_; }
    RgbImage image(std::size_t i) const override;
    std::string caption(std::size_t i, std::mt19937_64& rng) const override;
    int label(std::size_t i) const override { return static_cast<int>(i % 3); }
    std::vector<std::string> classNames() const override { return {"zero", "one", "two"}; }
    std::string describe(std::size_t i) const override { return "memory item " + std::to_string(i); }

private:
    std::size_t count_;
    std::set<std::size_t> broken_;
};

}  // namespace clipdesk::test
