#include "clip/weights/checkpoint_loader.h"

#include "clip/weights/checkpoint_error.h"
#include "weights/config_inference.h"
#include "clip/weights/safetensors.h"
#include "weights/torchscript_reader.h"

#include "base/read_file.h"

#include <torch/torch.h>

#include <cerrno>
#include <cmath>

#include <filesystem>
#include <sstream>

namespace clipdesk {
namespace {

std::string shapeText(c10::IntArrayRef shape) {
    std::ostringstream s;
    s << '[';
    for (size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
    s << ']';
    return s.str();
}

NamedTensors readSafetensors(const std::string& path) {
    SafetensorsFile file(path);
    NamedTensors tensors;
    for (const auto& [name, entry] : file.entries()) tensors[name] = file.read(name);
    return tensors;
}

}  // namespace

const char* formatName(CheckpointFormat f) { return f == CheckpointFormat::Safetensors ? "safetensors" : "torchscript"; }

NamedTensors readCheckpointTensors(const std::string& path, CheckpointInfo& info) {
    info.path = path;
    std::uint64_t size = 0;
    try {
        size = RegularFile(path).size();
    } catch (const FileReadError& e) {
        if (e.errorNumber() == ENOENT) throw CheckpointError(path + ": weights file not found");
        throw CheckpointError(std::string(e.what()) + ", expected a weights file");
    }
    if (size == 0) throw CheckpointError(path + ": weights file is empty");

    NamedTensors raw;
    if (SafetensorsFile::looksLikeSafetensors(path)) {
        info.format = CheckpointFormat::Safetensors;
        raw = readSafetensors(path);
    } else if (looksLikeZipArchive(path)) {
        info.format = CheckpointFormat::TorchScript;
        raw = readTorchScriptTensors(path);
    } else {
        throw CheckpointError(path + ": not a CLIP weights file: expected safetensors or a TorchScript archive (.pt)");
    }
    std::vector<std::string> keys;
    for (const auto& [k, v] : raw) {
        keys.push_back(k);
        if (info.storageDtype.empty() && v.is_floating_point()) info.storageDtype = c10::toString(v.scalar_type());
    }
    info.naming = detectNaming(keys);
    return info.naming == CheckpointNaming::HuggingFace ? fromHuggingFaceNames(std::move(raw))
                                                         : fromOpenAiNames(std::move(raw));
}

void loadTensorsIntoModel(ClipModel& model, NamedTensors tensors, const std::string& file) {
    torch::NoGradGuard noGrad;
    for (auto& param : model->named_parameters(/*recurse=*/true)) {
        const auto& name = param.key();
        auto it = tensors.find(name);
        if (it == tensors.end())
            throw CheckpointError(file + ": missing tensor '" + internalToOpenAi(name) + "' (expected shape " +
                                  shapeText(param.value().sizes()) + ")");
        auto source = it->second;
        if (name == "logit_scale" && source.numel() == 1) source = source.reshape({});  // [1] in some files
        if (source.sizes() != param.value().sizes())
            throw CheckpointError(file + ": tensor '" + internalToOpenAi(name) + "' has shape " +
                                  shapeText(source.sizes()) + ", expected " + shapeText(param.value().sizes()) +
                                  " for this configuration");
        if (!source.is_floating_point())
            throw CheckpointError(file + ": tensor '" + internalToOpenAi(name) + "' is not floating point");
        param.value().copy_(source.to(param.value().dtype()));
        // A NaN or infinite weight would turn every embedding into NaN without an error.
        if (!torch::isfinite(param.value()).all().item<bool>())
            throw CheckpointError(file + ": tensor '" + internalToOpenAi(name) + "' holds NaN or infinite values");
        if (name == "logit_scale" && !std::isfinite(std::exp(param.value().item<float>())))
            throw CheckpointError(file + ": logit_scale " + std::to_string(param.value().item<double>()) +
                                  " is too large (its exponential, CLIP's temperature, is infinite)");
        tensors.erase(it);
    }
    if (!tensors.empty()) {
        std::string names;
        int shown = 0;
        for (const auto& [k, v] : tensors) {
            if (shown++ == 3) { names += ", ..."; break; }
            names += (names.empty() ? "'" : ", '") + internalToOpenAi(k) + "'";
        }
        throw CheckpointError(file + ": " + std::to_string(tensors.size()) + " unexpected tensor(s) " + names +
                              " that this configuration does not use");
    }
}

LoadedClipModel loadClipModel(const std::string& weightsPath, const std::optional<ClipConfig>& config) {
    LoadedClipModel loaded;
    auto tensors = readCheckpointTensors(weightsPath, loaded.info);
    loaded.info.configInferred = !config.has_value();
    loaded.config = config ? *config : inferConfigFromTensors(tensors, weightsPath);
    loaded.model = ClipModel(loaded.config);
    loadTensorsIntoModel(loaded.model, std::move(tensors), weightsPath);
    loaded.model->eval();
    return loaded;
}

void saveClipModelWeights(ClipModel& model, const std::string& path, const std::map<std::string, std::string>& metadata) {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& p : model->named_parameters(/*recurse=*/true))
        tensors.emplace_back(internalToOpenAi(p.key()), p.value().detach());
    auto meta = metadata;
    meta.emplace("format", "pt");
    meta.emplace("naming", "openai");
    writeSafetensors(path, tensors, meta);
}

}  // namespace clipdesk
