#include "application/library_session.h"

#include "application/use_case_error.h"
#include "clip/clip_embedder.h"
#include "clip/model/compute_threads.h"
#include "library/model_identity.h"
#include "tagging/library_embeddings.h"

namespace clipdesk {

std::unique_ptr<LibrarySession> LibrarySession::open(SessionOptions options) {
    std::error_code ec;
    const auto& dir = options.libraryDir;
    if (options.access != LibraryAccess::Create && !std::filesystem::exists(libraryFiles(dir).database, ec)) {
        if (!std::filesystem::exists(dir, ec))
            throw UseCaseError(UseCaseProblem::LibraryEmpty, dir.string(),
                               dir.string() + ": no such library (index some photos into it first)");
        throw UseCaseError(UseCaseProblem::LibraryEmpty, dir.string(),
                           dir.string() + ": not a Clipdesk library (no library.sqlite in it)");
    }
    std::unique_ptr<LibrarySession> session(new LibrarySession());
    session->options_ = std::move(options);
    const auto& opened = session->options_;
    const auto startPreloading = [&](const LibraryDatabase& database) {
        if (!opened.preloadTowers.image && !opened.preloadTowers.text) return;
        auto indexedWith = database.currentModel();
        if (!indexedWith) return;  // model() says so
        session->preloading_ = std::async(std::launch::async, [settings = opened.model, indexedWith = *indexedWith,
                                                               towers = opened.preloadTowers] {
            return openLibraryModel(settings, indexedWith, towers);
        });
    };
    try {
        session->library_ = PhotoLibrary::open(opened.libraryDir, opened.access, {}, startPreloading);
    } catch (...) {
        if (session->preloading_.valid()) session->preloading_.wait();
        throw;
    }
    return session;
}

LibrarySession::~LibrarySession() = default;

std::unique_ptr<ClipEmbedder> LibrarySession::openLibraryModel(const ModelSettings& settings,
                                                               const ModelIdentity& indexedWith, ModelTowers towers) {
    const bool chosen = !settings.path.empty();
    const std::string path = chosen ? settings.path : indexedWith.modelPath;
    auto embedder = openModel(path, settings, towers);
    const auto identity = identifyModel(path, embedder->files().weights, embedder->config(), indexedWith);
    if (identity.identity == indexedWith.identity) return embedder;
    if (chosen && identity.modelPath != indexedWith.modelPath)
        throw UseCaseError(UseCaseProblem::NotTheLibraryModel, path,
                           path + ": not the model this library was indexed with (" + indexedWith.modelPath +
                               "); run 'clipdesk-cli index' with the model to search with");
    throw UseCaseError(UseCaseProblem::ModelChanged, path,
                       path + ": the model has changed since the library was indexed (its weights or configuration "
                              "differ); re-index the library to search with it");
}

ClipEmbedder& LibrarySession::model(ModelTowers towers) {
    if (preloading_.valid()) {
        auto preloaded = preloading_.get();  // throws what the load threw
        setComputeThreads(options_.model.threads);  // an OpenMP setting belongs to the thread that made it
        model_ = std::move(preloaded);
    }
    if (model_ && model_->towers().covers(towers)) return *model_;
    if (model_) towers = towers | model_->towers();
    const auto indexedWith = library_->database().currentModel();
    const std::string dir = library_->files().dir.string();
    if (!indexedWith)
        throw UseCaseError(UseCaseProblem::NoIndexedPhotos, dir, dir + ": the library has no indexed photos yet");
    model_ = openLibraryModel(options_.model, *indexedWith, towers);
    return *model_;
}

std::vector<std::int64_t> LibrarySession::requireIndexedPhotos(const std::vector<std::string>& scope) {
    auto ids = indexedPhotosIn(library_->database(), scope);
    if (!ids.empty()) return ids;
    const std::string dir = library_->files().dir.string();
    if (scope.empty())
        throw UseCaseError(UseCaseProblem::NoIndexedPhotos, dir,
                           dir + ": no photo of the library is indexed yet; index it first");
    throw UseCaseError(UseCaseProblem::NoIndexedPhotosInScope, dir,
                       dir + ": no indexed photo in the chosen folders; index them first");
}

LibraryLock LibrarySession::lockForWriting() {
    if (options_.access != LibraryAccess::Read) return {};  // held since opening
    if (library_->readOnly())
        throw LibraryError(library_->readOnlyReason() +
                           ": the library is read-only for this user; this change needs write access");
    auto lock = LibraryLock::tryAcquire(library_->files().lock);
    if (!lock.locked())
        throw LibraryError(library_->files().dir.string() +
                           ": another Clipdesk process is indexing this library; try again when it has finished");
    return lock;
}

}  // namespace clipdesk
