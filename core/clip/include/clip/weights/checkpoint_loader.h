#pragma once
// Loads CLIP weights from any supported file into the native model, strictly: every
// parameter must be present with the expected shape and nothing may be left over.

#include "clip/model/clip_model.h"
#include "clip/weights/checkpoint_names.h"

#include <map>
#include <optional>
#include <string>

namespace clipdesk {

enum class CheckpointFormat { Safetensors, TorchScript };
const char* formatName(CheckpointFormat f);

struct CheckpointInfo {
    std::string path;
    CheckpointFormat format = CheckpointFormat::Safetensors;
    CheckpointNaming naming = CheckpointNaming::OpenAI;
    std::string storageDtype;    // of the floating-point tensors as stored, e.g. "Half"
    bool configInferred = false; // no configuration file: architecture read from shapes
};

// Detects the format by content (not by extension) and returns tensors under internal names.
NamedTensors readCheckpointTensors(const std::string& path, CheckpointInfo& info);

// Copies tensors into the model's parameters (converted to their dtype and device).
// Throws CheckpointError naming `file` and the tensor for missing, unexpected or
// mis-shaped tensors. Consumes `tensors` to keep peak memory low.
void loadTensorsIntoModel(ClipModel& model, NamedTensors tensors, const std::string& file);

struct LoadedClipModel {
    ClipModel model{nullptr};
    ClipConfig config;
    CheckpointInfo info;
};

// Reads `weightsPath`; uses `config` when given, else infers the architecture from shapes.
LoadedClipModel loadClipModel(const std::string& weightsPath, const std::optional<ClipConfig>& config);

// Writes the model as safetensors with OpenAI / open_clip names (readable by open_clip and
// by Clipdesk), atomically.
void saveClipModelWeights(ClipModel& model, const std::string& path,
                          const std::map<std::string, std::string>& metadata = {});

}  // namespace clipdesk
