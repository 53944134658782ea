#include "services/library_model.h"

#include "clip/clip_embedder.h"
#include "library/model_identity.h"
#include "library/photo_library.h"

#include <QCoreApplication>
#include <QString>

namespace clipdesk::ui {

std::unique_ptr<ClipEmbedder> openLibraryModel(PhotoLibrary& library, int threads) {
    const auto indexedWith = library.database().currentModel();
    if (!indexedWith) throw std::runtime_error(
        QCoreApplication::translate("SearchService", "The library has no indexed photos yet.").toStdString());
    EmbedderOptions options;
    options.threads = threads;
    auto embedder = ClipEmbedder::open(indexedWith->modelPath, options);
    const auto identity = identifyModel(indexedWith->modelPath, embedder->files().weights, embedder->config(), indexedWith);
    if (identity.identity != indexedWith->identity)
        throw std::runtime_error(QCoreApplication::translate("SearchService",
                                                             "%1: the model has changed since the library was "
                                                             "indexed; re-index the library to search with it.")
                                     .arg(QString::fromStdString(indexedWith->modelPath))
                                     .toStdString());
    return embedder;
}

}  // namespace clipdesk::ui
