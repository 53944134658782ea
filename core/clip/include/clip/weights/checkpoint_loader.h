#pragma once
// Loads CLIP weights from any supported file into the native model, strictly: every
// parameter must be present with the expected shape and nothing may be left over.

#include "clip/model/clip_model.h"
#include "clip/model/model_towers.h"
#include "clip/weights/checkpoint_names.h"
#include "clip/weights/safetensors.h"

#include <map>
#include <optional>
#include <string>

namespace clipdesk {

enum class CheckpointFormat { Safetensors, TorchScript, TorchSave };
const char* formatName(CheckpointFormat f);

struct CheckpointInfo {
    std::string path;
    CheckpointFormat format = CheckpointFormat::Safetensors;
    CheckpointNaming naming = CheckpointNaming::OpenAI;
    std::string storageDtype;    // of the floating-point tensors as stored, e.g. "Half"
    bool configInferred = false; // no configuration file: architecture read from shapes
};

// How an inference load keeps a tower's linear-layer weights (linear_layers.h). StoredHalf:
// those stored in fp16 stay fp16, views of the mapped file, which linear() reads directly for a
// query's few tokens (skinnyGemm) and converts per call for larger batches; half the memory and
// no conversion at load (ViT-B/32's text tower: 76 MB and ~0.1 s less). Int8: each is quantised
// (int8_quantization.h) as it loads, from its stored dtype through float32 a layer at a time, so
// the tower's float32 weights never all exist at once; the same int8 weights as quantising a
// float32 load afterwards.
enum class LinearWeightForm { Float32, StoredHalf, Int8 };

struct CheckpointLoadOptions {
    ModelTowers towers = ModelTowers::both();
    // Inference only: a tensor that is only looked up (the token table) keeps the dtype it is
    // stored in, linear weights are kept as the two forms below say, and every other tensor
    // becomes float32, which the CPU's GEMM kernels need (LibTorch 1.13 has none for fp16); a
    // float32 tensor is a view of the mapped file.
    bool inference = false;
    LinearWeightForm textLinearWeights = LinearWeightForm::Float32;   // with `inference`; StoredHalf on a CPU
    LinearWeightForm imageLinearWeights = LinearWeightForm::Float32;  // with `inference`; Int8 for --precision int8
    TensorReadObserver onRead;  // told of every tensor whose bytes are read (safetensors)
};

// Detects the format by content (not by extension) and returns tensors under internal names.
// Tensors of a tower not asked for are never read: they are shape-only (meta) tensors, enough
// to infer the architecture. Throws CheckpointError for a tensor holding NaN or infinities.
NamedTensors readCheckpointTensors(const std::string& path, CheckpointInfo& info,
                                   const CheckpointLoadOptions& options = {});

// Makes the tensors the model's parameters (converted to their dtype unless kept as stored or
// quantised, as `options` says: the options they were read with). Tensors of a tower the model
// does not have are dropped. Throws CheckpointError naming `file` and the tensor for missing,
// unexpected or mis-shaped tensors, and for NaN or infinities in those the reader left to it.
// Consumes `tensors` to keep peak memory low.
void loadTensorsIntoModel(ClipModel& model, NamedTensors tensors, const std::string& file,
                          const CheckpointLoadOptions& options = {});

struct LoadedClipModel {
    ClipModel model{nullptr};
    ClipConfig config;
    CheckpointInfo info;
};

// Reads `weightsPath`; uses `config` when given, else infers the architecture from shapes.
LoadedClipModel loadClipModel(const std::string& weightsPath, const std::optional<ClipConfig>& config,
                              const CheckpointLoadOptions& options = {});

// Writes the model as safetensors with OpenAI / open_clip names (readable by open_clip and
// by Clipdesk), atomically, its floating-point tensors in `dtype` (logit_scale stays float32).
void saveClipModelWeights(ClipModel& model, const std::string& path,
                          const std::map<std::string, std::string>& metadata = {},
                          torch::ScalarType dtype = torch::kFloat);

}  // namespace clipdesk
