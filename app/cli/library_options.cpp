#include "library_options.h"

#include "library/model_identity.h"

#include <cstdlib>
#include <iostream>

namespace clipdesk::cli {

void LibraryOptions::declare(CLI::App* cmd) {
    cmd->add_option("-l,--library", library,
                    "Library folder (a path containing '/'), or a library name under "
                    "$XDG_DATA_HOME/clipdesk/libraries")
        ->capture_default_str();
}

std::filesystem::path LibraryOptions::dir() const { return resolveLibraryDir(library); }

std::unique_ptr<PhotoLibrary> LibraryOptions::open(LibraryAccess access) const {
    auto opened = PhotoLibrary::open(dir(), access);
    if (!opened->repairNotice().empty()) std::cerr << "clipdesk-cli: warning: " << opened->repairNotice() << '\n';
    return opened;
}

std::unique_ptr<ClipEmbedder> openModelFor(const ModelOptions& options, PhotoLibrary& library, std::string* modelPath) {
    ModelOptions chosen = options;
    if (chosen.model.empty()) {
        if (const auto model = library.database().currentModel()) chosen.model = model->modelPath;
    }
    *modelPath = chosen.modelPath();  // throws when there is neither --model nor $CLIPDESK_MODEL
    return chosen.openEmbedder();
}

std::unique_ptr<ClipEmbedder> openLibraryModel(const ModelOptions& options, PhotoLibrary& library) {
    const auto indexedWith = library.database().currentModel();
    if (!indexedWith) throw std::runtime_error(library.files().dir.string() + ": the library has no indexed photos yet");
    std::string path;
    auto embedder = openModelFor(options, library, &path);
    const auto identity = identifyModel(path, embedder->files().weights, embedder->config(), indexedWith);
    if (identity.identity != indexedWith->identity)
        throw std::runtime_error(path + ": not the model this library was indexed with (" + indexedWith->modelPath +
                                 (options.model.empty() ? ", which has changed since" : "") +
                                 "); run 'clipdesk-cli index' with the model to search with");
    return embedder;
}

}  // namespace clipdesk::cli
