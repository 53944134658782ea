#pragma once

#include "clip/image/image_decoder.h"
#include "clip/image/rgb_image.h"
#include "training/data/caption_languages.h"

#include <cstddef>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace clipdesk {

struct PairSample {
    RgbImage image;
    std::string caption;
    int label = -1;
};

// Image–caption pairs with random access. All const methods may be called from several
// threads at once (the batch loader decodes in parallel).
class PairDataset {
public:
    virtual ~PairDataset() = default;
    virtual std::size_t size() const = 0;
    // Decoded 8-bit RGB (grey sources replicated). Throws ImageDecodeError.
    virtual RgbImage image(std::size_t i) const = 0;
    // The caption of pair i. Datasets with several captions per image (caption files with
    // several lines, templated labels) draw one with `rng`; the others leave it untouched.
    virtual std::string caption(std::size_t i, std::mt19937_64& rng) const = 0;
    virtual int label(std::size_t /*i*/) const { return -1; }  // -1: unknown
    // Class names indexed by label, when labels are known; empty otherwise.
    virtual std::vector<std::string> classNames() const { return {}; }
    // Where pair i comes from, for messages: "pairs.csv:17", an image path, "…idx3-ubyte.gz item 5".
    virtual std::string describe(std::size_t i) const = 0;

    PairSample sample(std::size_t i, std::mt19937_64& rng) const { return {image(i), caption(i, rng), label(i)}; }
};

enum class PairsFormat {
    Auto,             // from the file extension or the folder's contents
    Csv,              // header with columns image, caption [, label]
    Tsv,              // the same, tab-separated
    JsonLines,        // {"image": ..., "caption": ... [, "label": ...]} per line
    CaptionFiles,     // a folder of images, each with NAME.txt beside it
    LabelFolders,     // DIR/<label>/**/image, captions from templates
    FashionMnist,     // the four IDX files of Fashion-MNIST
};

struct PairsOptions {
    PairsFormat format = PairsFormat::Auto;
    // Skip rows (or images) that fail validation, reporting each through `warn`, instead of
    // throwing PairsFileError at the first. Opening still fails when nothing is left.
    bool skipBadRows = false;
    // A pairs file's rows may name images only inside the file's folder (symlinks resolved): a
    // row whose image lies outside it ("../../etc/passwd", an absolute path elsewhere) is a bad
    // row unless this is set.
    bool allowOutsidePaths = false;
    // Caption templates, "{}" standing for the class name. Label folders default to
    // {"a photo of a {}."}; Fashion-MNIST defaults to fashionMnistTrainingTemplates().
    std::vector<std::string> templates;
    // Fashion-MNIST: the language of each caption (its templates and class words: e.g.
    // fashionMnistChineseTrainingTemplates() with fashionMnistChineseSynonyms()); with both, one
    // is drawn per caption. `templates`, when given, serve every language.
    CaptionLanguages captionLanguages = CaptionLanguages::English;
    std::string split = "train";  // Fashion-MNIST: train | test
    DecodeOptions decode;         // passed to the decoder for every image
    std::function<void(const std::string&)> warn;  // skipped rows and similar notes
};

}  // namespace clipdesk
