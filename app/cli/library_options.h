#pragma once
// --library of the library commands, and the session (library + its model) they open through
// the application layer.

#include "model_options.h"

#include "application/library_session.h"

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
    // Opens the library with `model` as the settings of its model (--model, when given, must be
    // the library's model), starting to load `preload` meanwhile; a repaired index is reported
    // on stderr.
    std::unique_ptr<LibrarySession> openSession(LibraryAccess access, const ModelOptions& model,
                                                ModelTowers preload = {false, false}) const;
};

}  // namespace clipdesk::cli
