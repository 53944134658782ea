#include "clip/model/clip_config.h"

#include "base/read_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <type_traits>

namespace clipdesk {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
    throw ConfigError(source + ": " + what);
}

// Sizes beyond these are refused before anything is allocated. The largest published CLIP
// (ViT-bigG/14) has 48 layers of width 1664, 2.5 billion parameters and a 77-token context.
constexpr std::int64_t kMaxWidth = 16384;
constexpr std::int64_t kMaxMlpWidth = 65536;
constexpr std::int64_t kMaxLayers = 256;
constexpr std::int64_t kMaxHeads = 1024;
constexpr std::int64_t kMaxImageSize = 4096;
constexpr std::int64_t kMaxPatches = 16384;  // (image size / patch size)^2
constexpr std::int64_t kMaxContextLength = 4096;
constexpr std::int64_t kMaxVocabSize = 1 << 21;
constexpr double kMaxParameters = 4e9;  // 16 GB as float32

// Numbers are read exactly: an integer field given 10.5 or 1e20 is an error, never truncated
// or wrapped; a floating-point field must be finite.
template <typename T>
T convert(const json& value, const std::string& field, const std::string& source) {
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        if (!value.is_number())
            fail(source, "field '" + field + "' has the wrong type (" + value.type_name() + ")");
        const double number = value.get<double>();
        if (value.is_number_float() && !(std::isfinite(number) && number == std::floor(number)))
            fail(source, "field '" + field + "' must be an integer, got " + value.dump());
        const bool fits = value.is_number_unsigned()
                              ? value.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())
                          : value.is_number_integer()
                              ? value.get<std::int64_t>() >= std::numeric_limits<T>::min() &&
                                    value.get<std::int64_t>() <= std::numeric_limits<T>::max()
                              : number >= static_cast<double>(std::numeric_limits<T>::min()) &&
                                    number <= static_cast<double>(std::numeric_limits<T>::max());
        if (!fits)
            fail(source, "field '" + field + "' is out of range, got " + value.dump() + " (the limit is " +
                             std::to_string(std::numeric_limits<T>::max()) + ")");
        return value.is_number_float() ? static_cast<T>(number) : value.get<T>();
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!value.is_number())
            fail(source, "field '" + field + "' has the wrong type (" + value.type_name() + ")");
        const T number = value.get<T>();
        if (!std::isfinite(number)) fail(source, "field '" + field + "' must be a finite number, got " + value.dump());
        return number;
    } else {
        try {
            return value.get<T>();
        } catch (const json::exception&) {
            fail(source, "field '" + field + "' has the wrong type (" + value.type_name() + ")");
        }
    }
}

// Reads obj[key] as T, or `fallback` when absent; a present value of the wrong type is an error.
template <typename T>
T get(const json& obj, const char* key, T fallback, const std::string& source) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return fallback;
    return convert<T>(*it, key, source);
}

template <typename T>
T require(const json& obj, const char* key, const std::string& source, const char* where) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) fail(source, std::string("missing field '") + where + key + "'");
    return convert<T>(*it, std::string(where) + key, source);
}

void requireWithin(std::int64_t v, std::int64_t limit, const std::string& what, const std::string& source) {
    if (v <= 0) fail(source, what + " must be positive, got " + std::to_string(v));
    if (v > limit) fail(source, what + " " + std::to_string(v) + " exceeds the limit of " + std::to_string(limit));
}

// width x mlp_ratio, checked before it becomes an int.
int mlpWidth(int width, double ratio, const std::string& tower, const std::string& field, const std::string& source) {
    requireWithin(width, kMaxWidth, tower + " width", source);
    const double hidden = static_cast<double>(width) * ratio;
    if (!(hidden >= 1 && hidden <= static_cast<double>(kMaxMlpWidth)))
        fail(source, "'" + field + "' gives an MLP width of " + std::to_string(hidden) + " (width " +
                         std::to_string(width) + "); the limit is 1 to " + std::to_string(kMaxMlpWidth));
    return static_cast<int>(hidden);
}

// CLIP's default MLP width, saturating instead of overflowing (validate() then names the width).
int fourTimes(int width) {
    return static_cast<int>(std::min<std::int64_t>(4 * static_cast<std::int64_t>(width), std::numeric_limits<int>::max()));
}

// Transformer blocks (attention 4 w^2, MLP 2 w m) and the embeddings, as a double: no overflow.
double estimatedParameters(const ClipConfig& c) {
    const auto blocks = [](double layers, double width, double mlp) { return layers * (4 * width * width + 2 * width * mlp); };
    const double grid = c.vision.gridSize();
    return blocks(c.vision.layers, c.vision.width, c.vision.mlpWidth) +
           blocks(c.text.layers, c.text.width, c.text.mlpWidth) +
           3.0 * c.vision.patchSize * c.vision.patchSize * c.vision.width + grid * grid * c.vision.width +
           static_cast<double>(c.text.vocabSize) * c.text.width + static_cast<double>(c.text.contextLength) * c.text.width +
           static_cast<double>(c.embedDim) * (c.vision.width + c.text.width);
}

Activation parseActivation(const std::string& name, const std::string& source) {
    if (name == "quick_gelu") return Activation::QuickGelu;
    if (name == "gelu") return Activation::Gelu;
    fail(source, "unsupported activation '" + name + "' (expected quick_gelu or gelu)");
}

void readPreprocess(const json& p, ImagePreprocessConfig& out, const std::string& source) {
    auto readTriple = [&](const char* key, std::array<float, 3>& dst) {
        auto it = p.find(key);
        if (it == p.end()) return;
        if (!it->is_array() || it->size() != 3) fail(source, std::string("'") + key + "' must be an array of 3 numbers");
        for (int c = 0; c < 3; ++c) dst[c] = convert<float>((*it)[c], key, source);
    };
    readTriple("mean", out.mean);
    readTriple("std", out.std);
    readTriple("image_mean", out.mean);
    readTriple("image_std", out.std);
    if (auto it = p.find("resize"); it != p.end() && it->is_string()) {
        const std::string rule = it->get<std::string>();
        if (rule == "stretch") out.resize = ResizeRule::Stretch;
        else if (rule.rfind("shorter side", 0) == 0) out.resize = ResizeRule::ShorterSideCentreCrop;
        else fail(source, "unsupported preprocess.resize '" + rule + "' (expected \"shorter side\" or \"stretch\")");
    }
}

TextTowerKind parseTextTowerKind(const std::string& name, const std::string& source) {
    if (name == "clip") return TextTowerKind::Clip;
    if (name == "bert") return TextTowerKind::Bert;
    fail(source, "unknown text tower '" + name + "' (expected \"clip\" for CLIP's transformer or \"bert\" for Chinese-CLIP's)");
}

std::vector<std::string> readLanguages(const json& j, const std::string& source) {
    std::vector<std::string> out;
    auto it = j.find("languages");
    if (it == j.end()) return out;
    if (!it->is_array()) fail(source, "'languages' must be an array of language codes such as \"en\", \"zh\"");
    for (const auto& l : *it) {
        if (!l.is_string() || l.get<std::string>().empty())
            fail(source, "'languages' must be an array of language codes such as \"en\", \"zh\"");
        out.push_back(l.get<std::string>());
    }
    return out;
}

// Clipdesk's own layout (and ../shared's config.json).
ClipConfig fromClipdesk(const json& j, const std::string& source) {
    ClipConfig c;
    c.name = get<std::string>(j, "name", "", source);
    c.embedDim = require<int>(j, "embed_dim", source, "");
    c.activation = parseActivation(get<std::string>(j, "activation", "quick_gelu", source), source);
    c.layerNormEps = get<double>(j, "layer_norm_eps", 1e-5, source);
    const json& v = j.at("vision");
    if (v.contains("layers") && v["layers"].is_array())
        fail(source, "ResNet image towers (vision.layers given per stage) are not supported yet; "
                     "Clipdesk supports Vision Transformer CLIP models");
    c.vision.imageSize = require<int>(v, "image_size", source, "vision.");
    c.vision.patchSize = require<int>(v, "patch_size", source, "vision.");
    c.vision.width = require<int>(v, "width", source, "vision.");
    c.vision.layers = require<int>(v, "layers", source, "vision.");
    c.vision.heads = require<int>(v, "heads", source, "vision.");
    c.vision.mlpWidth = mlpWidth(c.vision.width, get<double>(v, "mlp_ratio", 4.0, source), "vision", "vision.mlp_ratio", source);
    const json& t = j.at("text");
    c.text.kind = parseTextTowerKind(get<std::string>(t, "kind", "clip", source), source);
    c.text.contextLength = require<int>(t, "context_length", source, "text.");
    c.text.vocabSize = require<int>(t, "vocab_size", source, "text.");
    c.text.width = require<int>(t, "width", source, "text.");
    c.text.layers = require<int>(t, "layers", source, "text.");
    c.text.heads = require<int>(t, "heads", source, "text.");
    c.text.mlpWidth = mlpWidth(c.text.width, get<double>(t, "mlp_ratio", 4.0, source), "text", "text.mlp_ratio", source);
    c.text.sotId = get<std::int64_t>(t, "sot_id", 49406, source);
    c.text.eotId = get<std::int64_t>(t, "eot_id", 49407, source);
    c.text.padId = get<std::int64_t>(t, "pad_id", 0, source);
    if (c.text.kind == TextTowerKind::Bert) {
        c.text.maxPositions = get<int>(t, "max_positions", 512, source);
        c.text.typeVocabSize = get<int>(t, "type_vocab_size", 2, source);
        c.text.bertLayerNormEps = get<double>(t, "layer_norm_eps", 1e-12, source);
    }
    c.languages = readLanguages(j, source);
    c.preprocess.imageSize = c.vision.imageSize;
    if (c.text.kind == TextTowerKind::Bert) c.preprocess.resize = ResizeRule::Stretch;
    if (j.contains("preprocess")) readPreprocess(j["preprocess"], c.preprocess, source);
    return c;
}

// Hugging Face transformers' CLIPConfig.
ClipConfig fromHuggingFace(const json& j, const std::string& source) {
    ClipConfig c;
    c.name = get<std::string>(j, "_name_or_path", "", source);
    c.embedDim = get<int>(j, "projection_dim", 512, source);
    const json& v = j.at("vision_config");
    const json& t = j.at("text_config");
    const bool chinese = get<std::string>(j, "model_type", "", source) == "chinese_clip" ||
                         get<std::string>(t, "model_type", "", source) == "chinese_clip_text_model";
    const auto vAct = get<std::string>(v, "hidden_act", "quick_gelu", source);
    const auto tAct = get<std::string>(t, "hidden_act", chinese ? "gelu" : "quick_gelu", source);
    // ChineseCLIPModel: the ViT's activation; BERT always uses the erf GELU.
    if (vAct != tAct && !chinese)
        fail(source, "different activations per tower (" + vAct + ", " + tAct + ") are not supported");
    c.activation = parseActivation(vAct, source);
    c.layerNormEps = get<double>(v, "layer_norm_eps", 1e-5, source);
    c.vision.imageSize = get<int>(v, "image_size", 224, source);
    c.vision.patchSize = get<int>(v, "patch_size", 32, source);
    c.vision.width = get<int>(v, "hidden_size", 768, source);
    c.vision.layers = get<int>(v, "num_hidden_layers", 12, source);
    c.vision.heads = get<int>(v, "num_attention_heads", 12, source);
    c.vision.mlpWidth = get<int>(v, "intermediate_size", fourTimes(c.vision.width), source);
    c.text.contextLength = get<int>(t, "max_position_embeddings", 77, source);
    c.text.vocabSize = get<int>(t, "vocab_size", chinese ? 21128 : 49408, source);
    c.text.width = get<int>(t, "hidden_size", chinese ? 768 : 512, source);
    c.text.layers = get<int>(t, "num_hidden_layers", 12, source);
    c.text.heads = get<int>(t, "num_attention_heads", chinese ? 12 : 8, source);
    c.text.mlpWidth = get<int>(t, "intermediate_size", fourTimes(c.text.width), source);
    c.text.sotId = get<std::int64_t>(t, "bos_token_id", 49406, source);
    // Old CLIPConfigs say eos_token_id 2; transformers then pools at argmax, i.e. CLIP's 49407.
    const auto eos = get<std::int64_t>(t, "eos_token_id", 49407, source);
    c.text.eotId = eos == 2 ? 49407 : eos;
    c.text.padId = 0;  // padding positions never reach the pooled token (causal mask)
    c.preprocess.imageSize = c.vision.imageSize;
    if (chinese) {
        if (tAct != "gelu") fail(source, "text_config.hidden_act '" + tAct + "': Chinese-CLIP's BERT uses gelu");
        c.text.kind = TextTowerKind::Bert;
        c.text.maxPositions = get<int>(t, "max_position_embeddings", 512, source);
        c.text.typeVocabSize = get<int>(t, "type_vocab_size", 2, source);
        c.text.bertLayerNormEps = get<double>(t, "layer_norm_eps", 1e-12, source);
        c.text.contextLength = std::min(52, c.text.maxPositions);  // Chinese-CLIP's context
        c.text.sotId = 101;  // [CLS], [SEP], [PAD] of its vocab.txt
        c.text.eotId = 102;
        c.text.padId = get<std::int64_t>(t, "pad_token_id", 0, source);
        c.preprocess.resize = ResizeRule::Stretch;
    }
    return c;
}

// open_clip model config: {"embed_dim", "quick_gelu", "vision_cfg", "text_cfg"}, possibly
// wrapped as open_clip_config.json {"model_cfg": ..., "preprocess_cfg": ...}.
ClipConfig fromOpenClip(const json& root, const std::string& source) {
    const json& j = root.contains("model_cfg") ? root["model_cfg"] : root;
    ClipConfig c;
    c.embedDim = require<int>(j, "embed_dim", source, "");
    c.activation = get<bool>(j, "quick_gelu", false, source) ? Activation::QuickGelu : Activation::Gelu;
    const json& v = j.at("vision_cfg");
    const json& t = j.at("text_cfg");
    if (v.contains("layers") && v["layers"].is_array())
        fail(source, "ResNet image towers (vision_cfg.layers per stage) are not supported yet; "
                     "Clipdesk supports Vision Transformer CLIP models");
    for (const char* key : {"timm_model_name", "attentional_pool", "global_average_pool"})
        if (v.contains(key) && !v[key].is_null() && v[key] != false && v[key] != "")
            fail(source, std::string("unsupported vision tower option '") + key + "'");
    if (t.contains("hf_model_name") && !t["hf_model_name"].is_null())
        fail(source, "text towers from Hugging Face models (text_cfg.hf_model_name) are not supported");
    c.vision.imageSize = require<int>(v, "image_size", source, "vision_cfg.");
    c.vision.patchSize = require<int>(v, "patch_size", source, "vision_cfg.");
    c.vision.width = require<int>(v, "width", source, "vision_cfg.");
    c.vision.layers = require<int>(v, "layers", source, "vision_cfg.");
    const int headWidth = get<int>(v, "head_width", 64, source);
    if (headWidth <= 0) fail(source, "vision_cfg.head_width must be positive, got " + std::to_string(headWidth));
    c.vision.heads = c.vision.width / headWidth;
    c.vision.mlpWidth = mlpWidth(c.vision.width, get<double>(v, "mlp_ratio", 4.0, source), "vision", "vision_cfg.mlp_ratio", source);
    c.text.contextLength = get<int>(t, "context_length", 77, source);
    c.text.vocabSize = get<int>(t, "vocab_size", 49408, source);
    c.text.width = get<int>(t, "width", 512, source);
    c.text.heads = get<int>(t, "heads", 8, source);
    c.text.layers = get<int>(t, "layers", 12, source);
    c.text.mlpWidth = mlpWidth(c.text.width, get<double>(t, "mlp_ratio", 4.0, source), "text", "text_cfg.mlp_ratio", source);
    c.preprocess.imageSize = c.vision.imageSize;
    if (root.contains("preprocess_cfg")) readPreprocess(root["preprocess_cfg"], c.preprocess, source);
    return c;
}

}  // namespace

const char* activationName(Activation a) { return a == Activation::QuickGelu ? "quick_gelu" : "gelu"; }
const char* textTowerKindName(TextTowerKind k) { return k == TextTowerKind::Clip ? "clip" : "bert"; }

std::vector<std::string> ClipConfig::queryLanguages() const {
    if (!languages.empty()) return languages;
    return {text.kind == TextTowerKind::Bert ? "zh" : "en"};
}

bool ClipConfig::understands(const std::string& language) const {
    const auto codes = queryLanguages();
    return std::find(codes.begin(), codes.end(), language) != codes.end();
}

ClipConfig ClipConfig::fromJsonText(const std::string& text, const std::string& source) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        fail(source, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) fail(source, "expected a JSON object");
    ClipConfig c;
    try {
        if (j.contains("vision_config") && j.contains("text_config"))
            c = fromHuggingFace(j, source);
        else if (j.contains("model_cfg") || j.contains("vision_cfg"))
            c = fromOpenClip(j, source);
        else if (j.contains("vision") && j.contains("text"))
            c = fromClipdesk(j, source);
        else
            fail(source, "not a CLIP configuration: expected 'vision'/'text' (Clipdesk), "
                         "'vision_config'/'text_config' (Hugging Face) or 'vision_cfg'/'text_cfg' (open_clip)");
    } catch (const json::exception& e) {
        fail(source, std::string("malformed configuration: ") + e.what());
    }
    c.validate(source);
    return c;
}

ClipConfig ClipConfig::fromJsonFile(const std::string& path) {
    std::string text;
    try {
        text = readFileBytes(path);
    } catch (const FileReadError& e) {
        throw ConfigError(path + ": cannot read configuration file (" + e.reason() + ")");
    }
    return fromJsonText(text, path);
}

void ClipConfig::validate(const std::string& source) const {
    auto within = [&](std::int64_t v, std::int64_t limit, const char* what) { requireWithin(v, limit, what, source); };
    within(embedDim, kMaxWidth, "embed_dim");
    within(vision.imageSize, kMaxImageSize, "vision image size");
    within(vision.patchSize, vision.imageSize, "vision patch size (at most the image size)");
    within(vision.width, kMaxWidth, "vision width");
    within(vision.layers, kMaxLayers, "vision layers");
    within(vision.heads, kMaxHeads, "vision heads");
    within(vision.mlpWidth, kMaxMlpWidth, "vision MLP width");
    within(text.contextLength, kMaxContextLength, "text context length");
    within(text.vocabSize, kMaxVocabSize, "text vocabulary size");
    within(text.width, kMaxWidth, "text width");
    within(text.layers, kMaxLayers, "text layers");
    within(text.heads, kMaxHeads, "text heads");
    within(text.mlpWidth, kMaxMlpWidth, "text MLP width");
    if (vision.imageSize % vision.patchSize != 0)
        fail(source, "image size " + std::to_string(vision.imageSize) + " is not a multiple of patch size " +
                         std::to_string(vision.patchSize));
    within(static_cast<std::int64_t>(vision.gridSize()) * vision.gridSize(), kMaxPatches,
           "vision patches per image ((image size / patch size)^2)");
    if (vision.width % vision.heads != 0) fail(source, "vision width is not divisible by vision heads");
    if (text.width % text.heads != 0) fail(source, "text width is not divisible by text heads");
    if (text.kind == TextTowerKind::Bert) {
        within(text.maxPositions, kMaxContextLength, "text max positions");
        within(text.typeVocabSize, kMaxVocabSize, "text token types");
        if (text.maxPositions < text.contextLength)
            fail(source, "text context length " + std::to_string(text.contextLength) +
                             " exceeds the BERT position table (" + std::to_string(text.maxPositions) + ")");
    }
    if (text.eotId >= text.vocabSize || text.sotId >= text.vocabSize || text.eotId < 0 || text.sotId < 0 ||
        text.padId < 0 || text.padId >= text.vocabSize)
        fail(source, "start/end/padding token ids lie outside the vocabulary");
    if (!(layerNormEps >= 0 && std::isfinite(layerNormEps)))
        fail(source, "layer_norm_eps must be a finite number >= 0, got " + std::to_string(layerNormEps));
    const double parameters = estimatedParameters(*this);
    if (parameters > kMaxParameters) {
        std::ostringstream text;
        text << "the configuration describes about " << std::setprecision(3) << parameters
             << " parameters, beyond the limit of " << kMaxParameters;
        fail(source, text.str());
    }
    validatePreprocess(preprocess, source);
}

void validatePreprocess(const ImagePreprocessConfig& preprocess, const std::string& source) {
    for (int c = 0; c < 3; ++c) {
        if (!std::isfinite(preprocess.mean[c]))
            fail(source, "preprocess mean " + std::to_string(c) + " is not a finite number");
        // Pixels are divided by the std: zero gives infinities, a negative one inverts the image.
        if (!(preprocess.std[c] > 0 && std::isfinite(preprocess.std[c])))
            fail(source, "preprocess std " + std::to_string(c) + " must be a positive finite number, got " +
                             std::to_string(preprocess.std[c]));
    }
}

std::string ClipConfig::toJson() const {
    json j;
    j["name"] = name;
    j["embed_dim"] = embedDim;
    j["activation"] = activationName(activation);
    j["layer_norm_eps"] = layerNormEps;
    j["vision"] = {{"image_size", vision.imageSize}, {"patch_size", vision.patchSize}, {"width", vision.width},
                   {"layers", vision.layers},        {"heads", vision.heads},
                   {"mlp_ratio", static_cast<double>(vision.mlpWidth) / vision.width}};
    j["text"] = {{"kind", textTowerKindName(text.kind)}, {"context_length", text.contextLength},
                 {"vocab_size", text.vocabSize}, {"width", text.width},
                 {"layers", text.layers}, {"heads", text.heads},
                 {"mlp_ratio", static_cast<double>(text.mlpWidth) / text.width},
                 {"sot_id", text.sotId}, {"eot_id", text.eotId}, {"pad_id", text.padId}};
    if (text.kind == TextTowerKind::Bert) {
        j["text"]["max_positions"] = text.maxPositions;
        j["text"]["type_vocab_size"] = text.typeVocabSize;
        j["text"]["layer_norm_eps"] = text.bertLayerNormEps;
    }
    if (!languages.empty()) j["languages"] = languages;
    if (preprocess.resize == ResizeRule::Stretch)
        j["preprocess"] = {{"mean", preprocess.mean}, {"std", preprocess.std}, {"resize", "stretch"}};
    else
        j["preprocess"] = {{"mean", preprocess.mean}, {"std", preprocess.std},
                           {"resize", "shorter side, bicubic (Pillow)"}, {"crop", "centre"}};
    return j.dump(2);
}

}  // namespace clipdesk
