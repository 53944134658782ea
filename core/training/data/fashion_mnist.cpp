#include "data/fashion_mnist.h"

#include "training/data/caption_templates.h"
#include "training/data/fashion_mnist_prompts.h"
#include "data/idx_file.h"
#include "data/pairs_file_error.h"
#include "data/seeded_random.h"

#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace fs = std::filesystem;

namespace clipdesk {
namespace {

// DIR/<stem> when present, else DIR/<stem>.gz; empty when neither exists.
std::string findIdxFile(const fs::path& dir, const std::string& stem) {
    std::error_code error;
    for (const std::string& name : {stem, stem + ".gz"})
        if (fs::is_regular_file(dir / name, error)) return (dir / name).string();
    return {};
}

std::string filePrefixForSplit(const std::string& dir, const std::string& split) {
    if (split == "train") return "train";
    if (split == "test" || split == "t10k") return "t10k";
    throw PairsFileError(dir, 0, "unknown Fashion-MNIST split '" + split + "' (expected train or test)");
}

class FashionMnistDataset final : public PairDataset {
public:
    FashionMnistDataset(const std::string& dir, const PairsOptions& options)
        : languages_(options.captionLanguages),
          templates_(options.templates.empty() ? fashionMnistTrainingTemplates() : options.templates),
          chineseTemplates_(options.templates.empty() ? fashionMnistChineseTrainingTemplates() : options.templates) {
        for (const std::string& pattern : templates_) fillTemplate(pattern, "");  // throws for a template without {}
        const std::string prefix = filePrefixForSplit(dir, options.split);
        imagesFile_ = findIdxFile(dir, prefix + "-images-idx3-ubyte");
        const std::string labelsFile = findIdxFile(dir, prefix + "-labels-idx1-ubyte");
        if (imagesFile_.empty() || labelsFile.empty())
            throw PairsFileError(dir, 0, "no Fashion-MNIST " + options.split + " files (expected " + prefix +
                                             "-images-idx3-ubyte[.gz] and " + prefix + "-labels-idx1-ubyte[.gz])");
        IdxArray images = readIdxFile(imagesFile_, 3);
        IdxArray labels = readIdxFile(labelsFile, 1);
        if (images.dims[0] != labels.dims[0])
            throw PairsFileError(labelsFile, 0, std::to_string(labels.dims[0]) + " labels for " +
                                                    std::to_string(images.dims[0]) + " images in " + imagesFile_);
        if (images.dims[1] == 0 || images.dims[2] == 0 || images.dims[1] > 65536 || images.dims[2] > 65536)
            throw PairsFileError(imagesFile_, 0, "implausible image size " + std::to_string(images.dims[2]) + "x" +
                                                     std::to_string(images.dims[1]));
        const std::size_t classes = fashionMnistClassNames().size();
        for (std::size_t i = 0; i < labels.data.size(); ++i)
            if (labels.data[i] >= classes)
                throw PairsFileError(labelsFile, 0, "label " + std::to_string(labels.data[i]) + " of item " +
                                                        std::to_string(i) + " is not a class (expected 0 to " +
                                                        std::to_string(classes - 1) + ")");
        height_ = static_cast<int>(images.dims[1]);
        width_ = static_cast<int>(images.dims[2]);
        pixels_ = std::move(images.data);
        labels_ = std::move(labels.data);
    }

    std::size_t size() const override { return labels_.size(); }

    RgbImage image(std::size_t i) const override {
        checkIndex(i);
        const std::size_t area = static_cast<std::size_t>(width_) * height_;
        const std::uint8_t* grey = pixels_.data() + i * area;
        RgbImage out(width_, height_);
        for (std::size_t p = 0; p < area; ++p) std::memset(out.pixels.data() + 3 * p, grey[p], 3);
        return out;
    }

    std::string caption(std::size_t i, std::mt19937_64& rng) const override {
        // English-only captions draw exactly what they did before there was a choice.
        const bool chinese = languages_ == CaptionLanguages::EnglishAndChinese ? uniformIndex(rng, 2) == 1
                                                                                : languages_ == CaptionLanguages::Chinese;
        const auto at = static_cast<std::size_t>(label(i));
        const std::vector<std::string>& words = chinese ? fashionMnistChineseSynonyms()[at] : fashionMnistSynonyms()[at];
        const std::vector<std::string>& patterns = chinese ? chineseTemplates_ : templates_;
        const std::string& pattern = patterns[uniformIndex(rng, patterns.size())];
        const std::string& word = words[uniformIndex(rng, words.size())];
        return chinese ? fillTemplate(pattern, word) : fillCaption(pattern, word);  // no articles in Chinese
    }

    int label(std::size_t i) const override {
        checkIndex(i);
        return labels_[i];
    }

    std::vector<std::string> classNames() const override { return fashionMnistClassNames(); }

    std::string describe(std::size_t i) const override { return imagesFile_ + " item " + std::to_string(i); }

private:
    void checkIndex(std::size_t i) const {
        if (i >= labels_.size())
            throw std::out_of_range("Fashion-MNIST item " + std::to_string(i) + " of " + std::to_string(labels_.size()));
    }

    CaptionLanguages languages_;
    std::vector<std::string> templates_;
    std::vector<std::string> chineseTemplates_;
    std::string imagesFile_;
    int width_ = 0;
    int height_ = 0;
    std::vector<std::uint8_t> pixels_;  // items x height x width
    std::vector<std::uint8_t> labels_;
};

}  // namespace

bool looksLikeFashionMnist(const std::string& dir) {
    return !findIdxFile(dir, "train-images-idx3-ubyte").empty() || !findIdxFile(dir, "t10k-images-idx3-ubyte").empty();
}

std::unique_ptr<PairDataset> openFashionMnist(const std::string& dir, const PairsOptions& options) {
    return std::make_unique<FashionMnistDataset>(dir, options);
}

}  // namespace clipdesk
