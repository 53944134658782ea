#include "clip/weights/checkpoint_names.h"

#include <torch/torch.h>

#include <regex>

namespace clipdesk {
namespace {

bool startsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

bool replacePrefix(std::string& s, const std::string& from, const std::string& to) {
    if (!startsWith(s, from)) return false;
    s = to + s.substr(from.size());
    return true;
}

// Per-block renames inside one transformer layer (Hugging Face -> OpenAI).
std::string renameLayerPart(const std::string& part) {
    static const std::pair<const char*, const char*> kParts[] = {
        {"self_attn.out_proj.", "attn.out_proj."}, {"layer_norm1.", "ln_1."}, {"layer_norm2.", "ln_2."},
        {"mlp.fc1.", "mlp.c_fc."},                 {"mlp.fc2.", "mlp.c_proj."},
    };
    for (const auto& [from, to] : kParts) {
        std::string s = part;
        if (replacePrefix(s, from, to)) return s;
    }
    return {};
}

}  // namespace

const char* namingName(CheckpointNaming n) { return n == CheckpointNaming::OpenAI ? "openai" : "huggingface"; }

CheckpointNaming detectNaming(const std::vector<std::string>& keys) {
    for (const auto& k : keys)
        if (startsWith(k, "vision_model.") || startsWith(k, "text_model.")) return CheckpointNaming::HuggingFace;
    return CheckpointNaming::OpenAI;
}

bool isIgnorableKey(const std::string& key) {
    // BERT's pooler: Chinese-CLIP's checkpoints carry it, its model never uses it.
    return key == "input_resolution" || key == "context_length" || key == "vocab_size" || key == "attn_mask" ||
           key == "text_model.embeddings.position_ids" || key == "vision_model.embeddings.position_ids" ||
           key == "text_model.embeddings.token_type_ids" || key == "bert.embeddings.position_ids" ||
           startsWith(key, "bert.pooler.") || startsWith(key, "text_model.pooler.");
}

TensorTower storedTensorTower(const std::string& key, CheckpointNaming naming) {
    if (naming == CheckpointNaming::HuggingFace) {
        if (startsWith(key, "vision_model.") || startsWith(key, "visual_projection.")) return TensorTower::Image;
        if (startsWith(key, "text_model.") || startsWith(key, "text_projection.")) return TensorTower::Text;
        return TensorTower::Shared;
    }
    std::string k = key;
    replacePrefix(k, "module.", "");
    if (k == "logit_scale" || isIgnorableKey(k)) return TensorTower::Shared;
    return internalTensorTower(openAiToInternal(k));
}

TensorTower internalTensorTower(const std::string& key) {
    if (startsWith(key, "visual.")) return TensorTower::Image;
    if (startsWith(key, "text.")) return TensorTower::Text;
    return TensorTower::Shared;
}

std::string openAiToInternal(const std::string& key) {
    if (startsWith(key, "visual.") || key == "logit_scale") return key;
    return "text." + key;
}

std::string internalToOpenAi(const std::string& key) {
    std::string k = key;
    replacePrefix(k, "text.", "");
    return k;
}

NamedTensors fromOpenAiNames(NamedTensors tensors) {
    NamedTensors out;
    for (auto& [key, t] : tensors) {
        std::string k = key;
        replacePrefix(k, "module.", "");
        if (isIgnorableKey(k)) continue;
        out[openAiToInternal(k)] = std::move(t);
    }
    return out;
}

NamedTensors fromHuggingFaceNames(NamedTensors tensors) {
    static const std::regex kLayer(R"(^(vision|text)_model\.encoder\.layers\.(\d+)\.(.*)$)");
    NamedTensors out;
    // q/k/v pieces gathered per (tower, layer, weight|bias) and joined at the end.
    std::map<std::string, std::map<char, torch::Tensor>> qkv;
    // ChineseCLIPModel's BERT keeps BertModel's names under text_model.
    static const std::regex kBert(
        R"(^text_model\.((embeddings\.(word_embeddings|position_embeddings|token_type_embeddings|LayerNorm)|encoder\.layer)\..*)$)");
    for (auto& [key, t] : tensors) {
        if (isIgnorableKey(key)) continue;
        std::smatch m;
        if (std::regex_match(key, m, kBert)) {
            out["text.bert." + m[1].str()] = std::move(t);
            continue;
        }
        if (std::regex_match(key, m, kLayer)) {
            const std::string tower = m[1] == "vision" ? "visual." : "text.";
            const std::string block = tower + "transformer.resblocks." + m[2].str() + ".";
            const std::string part = m[3];
            static const std::regex kQkv(R"(^self_attn\.([qkv])_proj\.(weight|bias)$)");
            std::smatch p;
            if (std::regex_match(part, p, kQkv)) {
                qkv[block + "attn.in_proj_" + p[2].str()][p[1].str()[0]] = std::move(t);
                continue;
            }
            const auto renamed = renameLayerPart(part);
            out[renamed.empty() ? key : block + renamed] = std::move(t);
            continue;
        }
        static const std::map<std::string, std::string> kFixed = {
            {"text_model.embeddings.token_embedding.weight", "text.token_embedding.weight"},
            {"text_model.embeddings.position_embedding.weight", "text.positional_embedding"},
            {"text_model.final_layer_norm.weight", "text.ln_final.weight"},
            {"text_model.final_layer_norm.bias", "text.ln_final.bias"},
            {"vision_model.embeddings.class_embedding", "visual.class_embedding"},
            {"vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight"},
            {"vision_model.embeddings.position_embedding.weight", "visual.positional_embedding"},
            {"vision_model.pre_layrnorm.weight", "visual.ln_pre.weight"},
            {"vision_model.pre_layrnorm.bias", "visual.ln_pre.bias"},
            {"vision_model.post_layernorm.weight", "visual.ln_post.weight"},
            {"vision_model.post_layernorm.bias", "visual.ln_post.bias"},
            {"logit_scale", "logit_scale"},
        };
        if (auto it = kFixed.find(key); it != kFixed.end()) {
            out[it->second] = std::move(t);
        } else if (key == "text_projection.weight") {
            out["text.text_projection"] = t.t().contiguous();  // stored [embed, width]
        } else if (key == "visual_projection.weight") {
            out["visual.proj"] = t.t().contiguous();
        } else {
            out[key] = std::move(t);
        }
    }
    for (auto& [name, parts] : qkv) {
        if (parts.size() != 3) {
            // Leave the incomplete pieces visible to the loader as a missing in_proj tensor.
            continue;
        }
        out[name] = torch::cat({parts['q'], parts['k'], parts['v']}, 0);
    }
    return out;
}

}  // namespace clipdesk
