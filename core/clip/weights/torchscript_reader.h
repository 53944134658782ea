#pragma once

#include "clip/weights/checkpoint_names.h"

#include <string>

namespace clipdesk {

// Parameters and buffers of a TorchScript archive (OpenAI's released ViT-*.pt files), by
// their state-dict names. The archive's graph is never run: OpenAI's graphs cast to float16
// and only work after rewriting; the native modules compute instead.
NamedTensors readTorchScriptTensors(const std::string& path);

// True if the file is a zip archive (TorchScript, or a torch.save checkpoint).
bool looksLikeZipArchive(const std::string& path);

}  // namespace clipdesk
