#pragma once
// --library and the model a library command uses, shared by index, search, similar, status
// and forget.

#include "model_options.h"

#include "clip/clip_embedder.h"
#include "library/photo_library.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace clipdesk::cli {

struct LibraryOptions {
    std::string library = "default";

    void declare(CLI::App* cmd);
    // A path (anything with a '/'), or a name under $XDG_DATA_HOME/clipdesk/libraries.
    std::filesystem::path dir() const;
    // Opens the library; a repaired index is reported on stderr.
    std::unique_ptr<PhotoLibrary> open(LibraryAccess access) const;
};

// The model a command uses with `library`: --model, else the library's own model, else
// $CLIPDESK_MODEL. `modelPath` receives the path it was opened from.
std::unique_ptr<ClipEmbedder> openModelFor(const ModelOptions& options, PhotoLibrary& library, std::string* modelPath);

// For search and similar: as openModelFor, but the model must be the one the library was
// indexed with (its embeddings are not comparable with another model's).
std::unique_ptr<ClipEmbedder> openLibraryModel(const ModelOptions& options, PhotoLibrary& library);

}  // namespace clipdesk::cli
