#pragma once
// A library and its model, opened once for a sequence of use cases (the CLI's one command,
// or the window's long-lived workers). The library is opened on creation; the model it was
// indexed with is loaded on first use and refused when its files changed since indexing
// (embeddings of another model do not compare).

#include "application/model_settings.h"
#include "library/photo_library.h"

#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

namespace clipdesk {

class ClipEmbedder;
struct ModelIdentity;

struct SessionOptions {
    std::filesystem::path libraryDir;
    LibraryAccess access = LibraryAccess::Read;
    // How the library's model computes. A non-empty path must be the library's model (the CLI's
    // --model): it is checked against the identity recorded at indexing.
    ModelSettings model;
    // Towers to start loading on a second thread while the library's vector index loads (a
    // command that knows up front what it needs: the CLI's search of words); model() waits for
    // them. None: the model loads on first use.
    ModelTowers preloadTowers{false, false};
};

class LibrarySession {
public:
    // Throws LibraryError (missing, busy, not a library) or SqliteError (damaged).
    static std::unique_ptr<LibrarySession> open(SessionOptions options);
    ~LibrarySession();
    LibrarySession(const LibrarySession&) = delete;
    LibrarySession& operator=(const LibrarySession&) = delete;

    PhotoLibrary& library() { return *library_; }
    const PhotoLibrary& library() const { return *library_; }
    const SessionOptions& options() const { return options_; }
    // What opening repaired in the vector index, as one line; empty if nothing.
    const std::string& repairNotice() const { return library_->repairNotice(); }

    // The model the library was indexed with, with at least `towers` loaded (a model loaded
    // earlier without one of them is loaded again with both). Throws UseCaseError
    // (NoIndexedPhotos, ModelChanged, NotTheLibraryModel) or the model's own loading errors.
    ClipEmbedder& model(ModelTowers towers);
    bool modelLoaded() const { return model_ != nullptr; }

    // The indexed photos in `scope` (folders or photos, normalised; empty = the whole library),
    // ascending. Throws UseCaseError (NoIndexedPhotos / NoIndexedPhotosInScope) when none.
    std::vector<std::int64_t> requireIndexedPhotos(const std::vector<std::string>& scope);

    // For a write use case of a session opened for reading (the window's workers): holds the
    // library's writer lock while it lives. Throws LibraryError when another process indexes.
    LibraryLock lockForWriting();

private:
    LibrarySession() = default;
    // The model at settings.path (else where the library's was), refused unless it is the one
    // the library was indexed with.
    static std::unique_ptr<ClipEmbedder> openLibraryModel(const ModelSettings& settings,
                                                          const ModelIdentity& indexedWith, ModelTowers towers);

    SessionOptions options_;
    std::unique_ptr<PhotoLibrary> library_;
    std::unique_ptr<ClipEmbedder> model_;
    std::future<std::unique_ptr<ClipEmbedder>> preloading_;  // SessionOptions::preloadTowers
};

}  // namespace clipdesk
