#pragma once

#include "clip/image/image_preprocess_config.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace clipdesk {

// A configuration file that cannot be used, with the file and the reason in what().
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class Activation { QuickGelu, Gelu };

struct VisionTowerConfig {
    int imageSize = 224;
    int patchSize = 16;
    int width = 768;
    int layers = 12;
    int heads = 12;
    int mlpWidth = 3072;  // hidden width of each block's MLP (4 x width in CLIP)
    int gridSize() const { return imageSize / patchSize; }
};

struct TextTowerConfig {
    int contextLength = 77;
    int vocabSize = 49408;
    int width = 512;
    int layers = 12;
    int heads = 8;
    int mlpWidth = 2048;
    std::int64_t sotId = 49406;
    std::int64_t eotId = 49407;
    std::int64_t padId = 0;
};

// Architecture and preprocessing of a ViT-based CLIP model (Radford et al. 2021).
struct ClipConfig {
    std::string name;
    int embedDim = 512;
    Activation activation = Activation::QuickGelu;
    double layerNormEps = 1e-5;
    VisionTowerConfig vision;
    TextTowerConfig text;
    ImagePreprocessConfig preprocess;

    // Reads Clipdesk's own config.json (the layout of ../shared's config.json), a Hugging Face
    // CLIPConfig, or an open_clip model config (bare or as open_clip_config.json).
    static ClipConfig fromJsonFile(const std::string& path);
    static ClipConfig fromJsonText(const std::string& text, const std::string& sourceName);

    // Clipdesk's own layout; what checkpoints written by Clipdesk carry.
    std::string toJson() const;

    // Throws ConfigError naming `sourceName`, the value and the limit if a size is impossible
    // (e.g. width % heads != 0) or absurd (more layers, width, context or parameters than any
    // CLIP model has), checked before anything is allocated; also validatePreprocess.
    void validate(const std::string& sourceName) const;
};

// Throws ConfigError unless the means are finite and the stds positive and finite.
void validatePreprocess(const ImagePreprocessConfig& preprocess, const std::string& sourceName);

const char* activationName(Activation a);

}  // namespace clipdesk
