#include "clip/weights/checkpoint_loader.h"

#include "clip/model/compute_threads.h"
#include "clip/model/int8_quantization.h"
#include "clip/model/linear_layers.h"
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

LinearWeightForm linearForm(TensorTower tower, const CheckpointLoadOptions& options) {
    if (!options.inference || tower == TensorTower::Shared) return LinearWeightForm::Float32;
    return tower == TensorTower::Image ? options.imageLinearWeights : options.textLinearWeights;
}

// How a tensor of `tower` is read: not at all (shape only), as stored, as float32, or left as
// stored for loadTensorsIntoModel (Deferred), which knows the model's linear layers
// (linear_layers.h) and keeps them in fp16 or quantises them a layer at a time, converting the
// tower's other tensors to float32. A deferred safetensors tensor is a view of the mapping whose
// bytes nothing has read yet; the loader checks it for NaN and infinities.
enum class ReadAs { ShapeOnly, Stored, Deferred, Float32 };
ReadAs readAs(const std::string& key, TensorTower tower, torch::ScalarType stored, const CheckpointLoadOptions& options) {
    if (!wanted(tower, options.towers)) return ReadAs::ShapeOnly;
    if (!c10::isFloatingType(stored) || (options.inference && onlyLookedUp(key))) return ReadAs::Stored;
    switch (linearForm(tower, options)) {
        case LinearWeightForm::Float32: break;
        case LinearWeightForm::StoredHalf: if (stored == torch::kHalf) return ReadAs::Deferred; break;
        case LinearWeightForm::Int8: return ReadAs::Deferred;
    }
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
            case ReadAs::Deferred: tensors[name] = file.read(name); break;
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
            case ReadAs::Stored: requireFinite(t, name, path); break;
            case ReadAs::Deferred: break;
            case ReadAs::Float32: t = t.to(torch::kFloat); requireFinite(t, name, path); break;
        }
    }
    return tensors;
}

// Float32 values of a floating tensor; fp16 and bf16 through the reader's fast conversions
// (exact, as every conversion of them to float32 is).
torch::Tensor asFloat32(const torch::Tensor& t) {
    const bool sixteenBit = t.scalar_type() == torch::kHalf || t.scalar_type() == torch::kBFloat16;
    if (!sixteenBit || !t.is_contiguous() || !t.device().is_cpu()) return t.to(torch::kFloat);
    auto out = torch::empty(t.sizes(), t.options().dtype(torch::kFloat));
    const auto* bits = static_cast<const std::uint16_t*>(t.data_ptr());
    const auto n = static_cast<std::size_t>(t.numel());
    if (t.scalar_type() == torch::kHalf) halfToFloat(bits, out.data_ptr<float>(), n);
    else bfloat16ToFloat(bits, out.data_ptr<float>(), n);
    return out;
}

// The tensor for the parameter `name`, removed from `tensors`, after checking that it exists,
// has the parameter's shape and is floating point.
torch::Tensor takeSource(NamedTensors& tensors, const std::string& name, const torch::Tensor& param,
                         const std::string& file) {
    auto it = tensors.find(name);
    if (it == tensors.end())
        throw CheckpointError(file + ": missing tensor '" + internalToOpenAi(name) + "' (expected shape " +
                              shapeText(param.sizes()) + ")");
    auto source = std::move(it->second);
    tensors.erase(it);
    if (name == "logit_scale" && source.numel() == 1) source = source.reshape({});  // [1] in some files
    if (source.sizes() != param.sizes())
        throw CheckpointError(file + ": tensor '" + internalToOpenAi(name) + "' has shape " + shapeText(source.sizes()) +
                              ", expected " + shapeText(param.sizes()) + " for this configuration");
    if (!source.is_floating_point())
        throw CheckpointError(file + ": tensor '" + internalToOpenAi(name) + "' is not floating point");
    return source;
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

void loadTensorsIntoModel(ClipModel& model, NamedTensors tensors, const std::string& file,
                          const CheckpointLoadOptions& options) {
    torch::NoGradGuard noGrad;
    const auto towers = model->towers();
    for (auto it = tensors.begin(); it != tensors.end();)
        it = wanted(internalTensorTower(it->first), towers) ? std::next(it) : tensors.erase(it);
    // The reader left these as stored (ReadAs::Deferred): checked here.
    const auto deferred = [&options](const std::string& name, const torch::Tensor& source) {
        return readAs(name, internalTensorTower(name), source.scalar_type(), options) == ReadAs::Deferred;
    };
    const auto towersWith = [&options](LinearWeightForm form) {
        return ModelTowers{linearForm(TensorTower::Image, options) == form, linearForm(TensorTower::Text, options) == form};
    };
    std::set<std::string> keptHalf, loaded;
    for (const auto& layer : linearLayers(model, towersWith(LinearWeightForm::StoredHalf))) keptHalf.insert(layer.weightName);

    // The tensor becomes the parameter itself: a float32 tensor read from safetensors stays a
    // view of the mapped file. A lookup table, or an fp16 linear weight of a tower whose linear
    // weights stay fp16, keeps its dtype; any other tensor becomes float32.
    const auto load = [&](const std::string& name, torch::Tensor& target) {
        auto source = takeSource(tensors, name, target, file);
        const bool keptAsStored = source.scalar_type() != target.scalar_type() &&
                                  (onlyLookedUp(name) || (source.scalar_type() == torch::kHalf && keptHalf.count(name)));
        const bool check = deferred(name, source);
        target.set_data(keptAsStored ? source.to(target.device()) : source.to(target.device(), target.scalar_type()));
        if (check) requireFinite(target, internalToOpenAi(name), file);
        if (name == "logit_scale" && !std::isfinite(std::exp(target.item<float>())))
            throw CheckpointError(file + ": logit_scale " + std::to_string(target.item<double>()) +
                                  " is too large (its exponential, CLIP's temperature, is infinite)");
        loaded.insert(name);
    };
    // Int8 layers first, one at a time: a weight is converted to float32, quantised and dropped
    // (with its mapped pages, see SafetensorsFile::read) before the next is read, so the tower's
    // float32 weights never all exist at once. The same float32 values as reading the tower in
    // float32 and quantising it afterwards (quantizeImageTowerToInt8): the same int8 weights.
    const auto int8Layers = linearLayers(model, towersWith(LinearWeightForm::Int8));
    if (!int8Layers.empty()) requireInt8Engine();
    for (const auto& layer : int8Layers) {
        load(layer.biasName, *layer.bias);
        auto source = takeSource(tensors, layer.weightName, *layer.weight, file);
        const bool check = deferred(layer.weightName, source);
        auto weight = asFloat32(source);
        source = torch::Tensor();
        if (check) requireFinite(weight, internalToOpenAi(layer.weightName), file);
        quantizeLinearLayer(layer, weight);
        loaded.insert(layer.weightName);
    }
    for (auto& param : model->named_parameters(/*recurse=*/true))
        if (!loaded.count(param.key())) load(param.key(), param.value());
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
    loadTensorsIntoModel(loaded.model, std::move(tensors), weightsPath, options);
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
