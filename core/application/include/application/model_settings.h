#pragma once
// Which model a use case loads and how it computes: what the CLI's model options and the
// window's Settings give. Plain values; model_settings.cpp turns them into an embedder.

#include "clip/model/model_towers.h"

#include <memory>
#include <string>

namespace clipdesk {

class ClipEmbedder;

struct ModelSettings {
    std::string path;               // model folder or weights file; empty: the library's own model
    std::string vocab;              // overrides the vocabulary found beside the model
    std::string device = "cpu";     // cpu, cuda, cuda:N or auto
    std::string precision = "fp32"; // fp32, bf16, fp16 or auto (measured, see precision_probe.h)
    int threads = 0;                // intra-op threads; 0 = every core
    int batchSize = 32;             // images per forward pass
};

// Loads the towers the use case needs (indexing: image; search and tagging: text).
// Throws ModelFilesError, ConfigError or CheckpointError with a one-line message.
std::unique_ptr<ClipEmbedder> openModel(const std::string& path, const ModelSettings& settings, ModelTowers towers);

}  // namespace clipdesk
