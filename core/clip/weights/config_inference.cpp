#include "weights/config_inference.h"

#include "clip/weights/checkpoint_error.h"

#include <torch/torch.h>

#include <cmath>
#include <regex>
#include <set>

namespace clipdesk {
namespace {

const torch::Tensor& need(const NamedTensors& t, const std::string& key, const std::string& file) {
    auto it = t.find(key);
    if (it == t.end())
        throw CheckpointError(file + ": cannot infer the architecture: tensor '" + internalToOpenAi(key) + "' is missing");
    return it->second;
}

int countBlocks(const NamedTensors& t, const std::string& prefix) {
    const std::regex re("^" + prefix + R"(\.(\d+)\.)");
    std::set<int> blocks;
    for (const auto& [key, value] : t) {
        std::smatch m;
        if (std::regex_search(key, m, re)) blocks.insert(std::stoi(m[1]));
    }
    return static_cast<int>(blocks.size());
}

// Chinese-CLIP's BERT: heads = width / 64 as in every released model; context 52, ids of
// [CLS] 101 / [SEP] 102 / [PAD] 0 of its vocabulary, and its straight resize.
void inferBertTextTower(const NamedTensors& t, const std::string& file, ClipConfig& c) {
    const auto& words = need(t, "text.bert.embeddings.word_embeddings.weight", file);
    c.text.kind = TextTowerKind::Bert;
    c.text.vocabSize = static_cast<int>(words.size(0));
    c.text.width = static_cast<int>(words.size(1));
    c.text.layers = countBlocks(t, R"(text\.bert\.encoder\.layer)");
    c.text.heads = std::max(1, c.text.width / 64);
    c.text.mlpWidth = static_cast<int>(need(t, "text.bert.encoder.layer.0.intermediate.dense.weight", file).size(0));
    c.text.maxPositions = static_cast<int>(need(t, "text.bert.embeddings.position_embeddings.weight", file).size(0));
    c.text.typeVocabSize = static_cast<int>(need(t, "text.bert.embeddings.token_type_embeddings.weight", file).size(0));
    c.text.contextLength = std::min(52, c.text.maxPositions);
    c.text.sotId = 101;
    c.text.eotId = 102;
    c.text.padId = 0;
    c.preprocess.resize = ResizeRule::Stretch;
}

}  // namespace

ClipConfig inferConfigFromTensors(const NamedTensors& t, const std::string& file) {
    if (t.count("visual.layer1.0.conv1.weight") || t.count("visual.attnpool.positional_embedding"))
        throw CheckpointError(file + ": ResNet image towers (OpenAI RN50 family) are not supported yet; "
                                     "use a Vision Transformer CLIP model (ViT-B/32, ViT-B/16, ViT-L/14, TinyCLIP ViT)");
    ClipConfig c;
    c.name = "inferred from " + file;
    const auto& conv = need(t, "visual.conv1.weight", file);
    const auto& visualPos = need(t, "visual.positional_embedding", file);
    c.vision.width = static_cast<int>(conv.size(0));
    c.vision.patchSize = static_cast<int>(conv.size(-1));
    const int grid = static_cast<int>(std::lround(std::sqrt(static_cast<double>(visualPos.size(0) - 1))));
    c.vision.imageSize = grid * c.vision.patchSize;
    c.vision.layers = countBlocks(t, R"(visual\.transformer\.resblocks)");
    c.vision.heads = std::max(1, c.vision.width / 64);
    c.vision.mlpWidth = static_cast<int>(need(t, "visual.transformer.resblocks.0.mlp.c_fc.weight", file).size(0));

    c.embedDim = static_cast<int>(need(t, "text.text_projection", file).size(1));
    c.activation = Activation::QuickGelu;
    c.preprocess.imageSize = c.vision.imageSize;
    if (t.count("text.bert.embeddings.word_embeddings.weight")) {
        inferBertTextTower(t, file, c);
        c.validate(file);
        return c;
    }
    c.text.contextLength = static_cast<int>(need(t, "text.positional_embedding", file).size(0));
    c.text.vocabSize = static_cast<int>(need(t, "text.token_embedding.weight", file).size(0));
    c.text.width = static_cast<int>(need(t, "text.ln_final.weight", file).size(0));
    c.text.layers = countBlocks(t, R"(text\.transformer\.resblocks)");
    c.text.heads = std::max(1, c.text.width / 64);
    c.text.mlpWidth = static_cast<int>(need(t, "text.transformer.resblocks.0.mlp.c_fc.weight", file).size(0));
    c.activation = Activation::QuickGelu;
    c.preprocess.imageSize = c.vision.imageSize;
    c.validate(file);
    return c;
}

}  // namespace clipdesk
