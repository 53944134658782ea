#include "clip/weights/checkpoint_loader.h"

#include "clip/model/compute_threads.h"
#include "clip/model/layers.h"
#include "clip/model/transformer.h"
#include "clip/weights/checkpoint_error.h"
#include "weights/config_inference.h"
#include "weights/float_conversion.h"
#include "clip/weights/safetensors.h"
#include "weights/torch_save_reader.h"
#include "weights/torchscript_reader.h"

#include "base/read_file.h"

#include <torch/torch.h>

#include <cerrno>
#include <cmath>

#include <unistd.h>

#include <filesystem>
#include <set>
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

bool wanted(TensorTower tower, ModelTowers towers) {
    return tower == TensorTower::Shared || (tower == TensorTower::Image ? towers.image : towers.text);
}

// Only looked up, never multiplied: any stored dtype has kernels for that.
bool onlyLookedUp(const std::string& key) {
    static const std::string kTable = "token_embedding.weight";
    return key.size() >= kTable.size() && key.compare(key.size() - kTable.size(), kTable.size(), kTable) == 0;
}

torch::Tensor shapeOnly(c10::IntArrayRef shape, torch::ScalarType dtype) {
    return torch::empty(shape, torch::TensorOptions().dtype(dtype).device(torch::kMeta));
}

void noteStorageDtype(CheckpointInfo& info, torch::ScalarType stored) {
    if (info.storageDtype.empty() && c10::isFloatingType(stored)) info.storageDtype = c10::toString(stored);
}

// The dtype a tensor of `tower` is read in: none (not read), as stored, or float32. HalfText:
// an fp16 tensor of the text tower, kept as stored for loadTensorsIntoModel, which keeps its
// linear-layer weights in fp16 and converts the rest (see CheckpointLoadOptions).
enum class ReadAs { ShapeOnly, Stored, HalfText, Float32 };
ReadAs readAs(const std::string& key, TensorTower tower, torch::ScalarType stored, const CheckpointLoadOptions& options) {
    if (!wanted(tower, options.towers)) return ReadAs::ShapeOnly;
    if (!c10::isFloatingType(stored) || (options.inference && onlyLookedUp(key))) return ReadAs::Stored;
    if (options.inference && options.halfTextWeights && tower == TensorTower::Text && stored == torch::kHalf)
        return ReadAs::HalfText;
    return ReadAs::Float32;
}

// One reduction instead of isfinite's several passes: a sum is finite only if every element
// is (NaN and infinities propagate); only a sum that overflowed needs the element-wise check.
bool allFinite(const torch::Tensor& t) {
    if (std::isfinite(t.sum(torch::kFloat).item<float>())) return true;
    return torch::isfinite(t).all().item<bool>();
}

// A NaN or infinite weight would turn every embedding into NaN without an error.
void requireFinite(const torch::Tensor& t, const std::string& name, const std::string& path) {
    const bool finite = t.scalar_type() == torch::kHalf && t.is_contiguous() && t.device().is_cpu()
                            ? allFinite16(static_cast<const std::uint16_t*>(t.data_ptr()),
                                          static_cast<std::size_t>(t.numel()), 0x7C00)
                            : !t.is_floating_point() || allFinite(t);
    if (!finite) throw CheckpointError(path + ": tensor '" + name + "' holds NaN or infinite values");
}

// The same for a tensor left in the mapped file, read through a small buffer: checking it in
// place would bring all of its pages into memory, where a lookup table needs only a few rows.
void requireFiniteInFile(const SafetensorsFile& file, const std::string& name, torch::ScalarType dtype) {
    const auto& entry = file.entries().at(name);
    const std::uint64_t elementBytes = c10::elementSize(dtype);
    const std::uint64_t chunkBytes = (std::uint64_t{1} << 22) / elementBytes * elementBytes;
    RegularFile in(file.path());
    auto buffer = torch::empty({static_cast<int64_t>(chunkBytes / elementBytes)}, torch::TensorOptions().dtype(dtype));
    for (std::uint64_t at = entry.begin; at < entry.end; at += chunkBytes) {
        const std::uint64_t bytes = std::min(chunkBytes, entry.end - at);
        auto* out = static_cast<char*>(buffer.data_ptr());
        for (std::uint64_t done = 0; done < bytes;) {
            const auto n = ::pread(in.fd(), out + done, bytes - done, static_cast<off_t>(file.dataStart() + at + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw CheckpointError(file.path() + ": cannot read tensor '" + name + "' (file truncated or unreadable)");
            done += static_cast<std::uint64_t>(n);
        }
        const auto count = static_cast<int64_t>(bytes / elementBytes);
        const bool finite = dtype == torch::kHalf || dtype == torch::kBFloat16
                                ? allFinite16(static_cast<const std::uint16_t*>(buffer.data_ptr()), count,
                                              dtype == torch::kHalf ? 0x7C00 : 0x7F80)
                                : allFinite(buffer.narrow(0, 0, count));
        if (!finite) throw CheckpointError(file.path() + ": tensor '" + name + "' holds NaN or infinite values");
    }
}

NamedTensors readSafetensors(const std::string& path, const CheckpointLoadOptions& options, CheckpointInfo& info) {
    SafetensorsFile file(path, options.onRead);
    std::vector<std::string> keys;
    for (const auto& [name, entry] : file.entries()) keys.push_back(name);
    info.naming = detectNaming(keys);
    NamedTensors tensors;
    for (const auto& [name, entry] : file.entries()) {
        const auto stored = file.storedType(name);
        noteStorageDtype(info, stored);
        switch (readAs(name, storedTensorTower(name, info.naming), stored, options)) {
            case ReadAs::ShapeOnly: tensors[name] = shapeOnly(entry.shape, stored); break;
            case ReadAs::Stored:
                tensors[name] = file.read(name);
                if (c10::isFloatingType(stored)) requireFiniteInFile(file, name, stored);
                break;
            case ReadAs::HalfText:  // used whole: checked in place, its pages are needed anyway
                tensors[name] = file.read(name);
                requireFinite(tensors[name], name, path);
                break;
            case ReadAs::Float32:
                tensors[name] = file.read(name, torch::kFloat);
                requireFinite(tensors[name], name, path);
                break;
        }
    }
    return tensors;
}

// Zip archives (TorchScript, torch.save) are read whole; the tensors of a tower not asked for
// are dropped at once.
NamedTensors readZipArchive(const std::string& path, const CheckpointLoadOptions& options, CheckpointInfo& info) {
    auto tensors = info.format == CheckpointFormat::TorchSave ? readTorchSaveTensors(path) : readTorchScriptTensors(path);
    std::vector<std::string> keys;
    for (const auto& [name, t] : tensors) keys.push_back(name);
    info.naming = detectNaming(keys);
    for (auto& [name, t] : tensors) {
        noteStorageDtype(info, t.scalar_type());
        switch (readAs(name, storedTensorTower(name, info.naming), t.scalar_type(), options)) {
            case ReadAs::ShapeOnly: t = shapeOnly(t.sizes(), t.scalar_type()); break;
            case ReadAs::Stored:
            case ReadAs::HalfText: requireFinite(t, name, path); break;
            case ReadAs::Float32: t = t.to(torch::kFloat); requireFinite(t, name, path); break;
        }
    }
    return tensors;
}

// The weights linear() multiplies by in the text tower: its Linear layers' and its attention's
// in_proj (internal names).
std::set<std::string> textLinearWeights(ClipModel& model) {
    std::set<std::string> names;
    for (const auto& m : model->named_modules("", /*include_self=*/false)) {
        if (m.key().rfind("text.", 0) != 0) continue;
        if (m.value()->as<LinearImpl>()) names.insert(m.key() + ".weight");
        if (m.value()->as<MultiheadSelfAttentionImpl>()) names.insert(m.key() + ".in_proj_weight");
    }
    return names;
}

}  // namespace

const char* formatName(CheckpointFormat f) {
    switch (f) {
        case CheckpointFormat::Safetensors: return "safetensors";
        case CheckpointFormat::TorchScript: return "torchscript";
        case CheckpointFormat::TorchSave: return "torch.save";
    }
    return "?";
}

NamedTensors readCheckpointTensors(const std::string& path, CheckpointInfo& info, const CheckpointLoadOptions& options) {
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
        raw = readSafetensors(path, options, info);
    } else if (looksLikeZipArchive(path)) {
        info.format = isTorchSaveArchive(path) ? CheckpointFormat::TorchSave : CheckpointFormat::TorchScript;
        raw = readZipArchive(path, options, info);
    } else {
        throw CheckpointError(path + ": not a CLIP weights file: expected safetensors, a TorchScript archive (.pt) "
                                     "or a torch.save checkpoint (.pt)");
    }
    return info.naming == CheckpointNaming::HuggingFace ? fromHuggingFaceNames(std::move(raw))
                                                         : fromOpenAiNames(std::move(raw));
}

void loadTensorsIntoModel(ClipModel& model, NamedTensors tensors, const std::string& file) {
    torch::NoGradGuard noGrad;
    const auto towers = model->towers();
    for (auto it = tensors.begin(); it != tensors.end();)
        it = wanted(internalTensorTower(it->first), towers) ? std::next(it) : tensors.erase(it);
    const auto linearWeights = textLinearWeights(model);
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
        // The tensor becomes the parameter itself: a float32 tensor read from safetensors stays
        // a view of the mapped file. A lookup table or a text linear weight (fp16) that the
        // reader kept as stored keeps its dtype; any other tensor becomes float32.
        auto& target = param.value();
        const bool keptAsStored = source.scalar_type() != target.scalar_type() &&
                                  (onlyLookedUp(name) ||
                                   (source.scalar_type() == torch::kHalf && linearWeights.count(name) != 0));
        target.set_data(keptAsStored ? source.to(target.device())
                                     : source.to(target.device(), target.scalar_type()));
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

LoadedClipModel loadClipModel(const std::string& weightsPath, const std::optional<ClipConfig>& config,
                              const CheckpointLoadOptions& options) {
    // Reads, conversions and per-tensor checks are memory-bound: a second thread only adds a
    // barrier per tensor (ViT-B/32's text tower on a busy 2-core CPU: 0.45 s against 0.19 s).
    ScopedComputeThreads oneThread(1);
    LoadedClipModel loaded;
    auto tensors = readCheckpointTensors(weightsPath, loaded.info, options);
    loaded.info.configInferred = !config.has_value();
    loaded.config = config ? *config : inferConfigFromTensors(tensors, weightsPath);
    loaded.model = ClipModel(loaded.config, options.towers, ParameterInit::None);
    loadTensorsIntoModel(loaded.model, std::move(tensors), weightsPath);
    loaded.model->eval();
    return loaded;
}

void saveClipModelWeights(ClipModel& model, const std::string& path, const std::map<std::string, std::string>& metadata,
                          torch::ScalarType dtype) {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& p : model->named_parameters(/*recurse=*/true)) {
        auto t = p.value().detach();
        if (t.is_floating_point() && p.key() != "logit_scale") t = t.to(dtype);
        tensors.emplace_back(internalToOpenAi(p.key()), t);
    }
    auto meta = metadata;
    meta.emplace("format", "pt");
    meta.emplace("naming", "openai");
    writeSafetensors(path, tensors, meta);
}

}  // namespace clipdesk
