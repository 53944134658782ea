#pragma once
// --model and the compute options shared by the commands that load a model.

#include "application/model_settings.h"
#include "clip/clip_embedder.h"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace clipdesk::cli {

struct ModelOptions {
    std::string model;
    std::string vocab;
    std::string device = "cpu";
    std::string precision = "fp32";
    int threads = 0;
    int batchSize = 32;

    // --model and --vocab; with `compute`, also --device, --precision, --threads, --batch-size.
    void declare(CLI::App* cmd, bool compute = true);
    // --model, else $CLIPDESK_MODEL, else the bundled clipdesk-mini; throws if there is none.
    std::string modelPath() const;
    std::unique_ptr<ClipEmbedder> openEmbedder(ModelTowers towers) const;
    // The options as the application layer takes them; path is --model as given (may be empty).
    ModelSettings settings() const;
};

}  // namespace clipdesk::cli
