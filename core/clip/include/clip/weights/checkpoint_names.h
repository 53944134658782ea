#pragma once
// Tensor names: OpenAI / open_clip checkpoints, Hugging Face CLIPModel checkpoints, and the
// names of ClipModel's own parameters (OpenAI's, with the text tower under "text.").

#include <torch/types.h>

#include <map>
#include <string>
#include <vector>

namespace clipdesk {

using NamedTensors = std::map<std::string, torch::Tensor>;

enum class CheckpointNaming { OpenAI, HuggingFace };
const char* namingName(CheckpointNaming n);

// Hugging Face if any key starts with vision_model./text_model., else OpenAI.
CheckpointNaming detectNaming(const std::vector<std::string>& keys);

// Keys a checkpoint may carry that are not parameters (OpenAI's archive scalars,
// transformers' position_ids): silently dropped.
bool isIgnorableKey(const std::string& key);

// Which tower a tensor belongs to, by its name as stored (Shared: logit_scale, and keys of no
// tower, which the loader reports as unexpected), or by its internal name.
enum class TensorTower { Image, Text, Shared };
TensorTower storedTensorTower(const std::string& key, CheckpointNaming naming);
TensorTower internalTensorTower(const std::string& key);

std::string openAiToInternal(const std::string& key);
std::string internalToOpenAi(const std::string& key);

// OpenAI-named tensors (a leading "module." from DDP training removed) -> internal names.
NamedTensors fromOpenAiNames(NamedTensors tensors);
// Hugging Face tensors -> internal names: q/k/v projections joined into in_proj, projections
// transposed. A key that has no counterpart is kept under its own name, so the loader
// reports it as unexpected.
NamedTensors fromHuggingFaceNames(NamedTensors tensors);

}  // namespace clipdesk
