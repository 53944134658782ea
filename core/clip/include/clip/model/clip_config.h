#pragma once

#include "clip/image/image_preprocess_config.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

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
    int tokens() const { return gridSize() * gridSize() + 1; }  // patches and the class token
};

// CLIP's causal transformer over byte-level BPE (OpenAI, open_clip, TinyCLIP), or
// Chinese-CLIP's BERT over WordPiece (bidirectional, features of [CLS]).
enum class TextTowerKind { Clip, Bert };

struct TextTowerConfig {
    TextTowerKind kind = TextTowerKind::Clip;
    int contextLength = 77;
    int vocabSize = 49408;
    int width = 512;
    int layers = 12;
    int heads = 8;
    int mlpWidth = 2048;
    std::int64_t sotId = 49406;
    std::int64_t eotId = 49407;
    std::int64_t padId = 0;
    // BERT only: positions the table holds (>= contextLength), token types, LayerNorm epsilon.
    int maxPositions = 512;
    int typeVocabSize = 2;
    double bertLayerNormEps = 1e-12;
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
    // The languages queries may be written in, as BCP-47 codes ("en", "zh"): config.json's
    // "languages" when given, else what the text tower's vocabulary was trained on
    // (CLIP's BPE: English; Chinese-CLIP's WordPiece: Chinese).
    std::vector<std::string> languages;

    std::vector<std::string> queryLanguages() const;
    bool understands(const std::string& language) const;

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
const char* textTowerKindName(TextTowerKind k);  // "clip" or "bert"

}  // namespace clipdesk
