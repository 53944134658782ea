#include "services/search_service.h"

#include "library/model_identity.h"
#include "library/photo_search.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <filesystem>

namespace clipdesk::ui {

struct SearchService::Open {
    std::string libraryDir;
    int threads = 0;
    int generation = 0;
    std::unique_ptr<PhotoLibrary> library;
    std::unique_ptr<ClipEmbedder> embedder;  // opened on the first search that needs it
};

SearchService::SearchService() = default;
SearchService::~SearchService() = default;

namespace {

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

}  // namespace

SearchResult SearchService::run(const SearchRequest& request) {
    QElapsedTimer timer;
    timer.start();
    SearchResult result;
    std::lock_guard lock(mutex_);
    try {
        const std::string dir = request.libraryDir.toStdString();
        const int generation = generation_.load();
        if (!open_ || open_->libraryDir != dir || open_->threads != request.threads || open_->generation != generation) {
            open_.reset();
            auto open = std::make_unique<Open>();
            open->generation = generation;
            open->libraryDir = dir;
            open->threads = request.threads;
            open->library = PhotoLibrary::open(std::filesystem::path(dir), LibraryAccess::Read);
            open_ = std::move(open);
        }
        SearchOptions options;
        options.k = request.k;
        options.folder = request.folder.toStdString();
        const std::string query = request.query.toStdString();
        std::vector<SearchHit> hits;
        if (request.kind == SearchRequest::Kind::Image) {
            // A photo of the library needs no model: its embedding is stored.
            if (auto stored = PhotoSearch(*open_->library, nullptr).storedEmbedding(query)) {
                hits = PhotoSearch(*open_->library, nullptr).searchEmbedding(*stored, options);
            } else {
                if (!open_->embedder) open_->embedder = openLibraryModel(*open_->library, request.threads);
                hits = PhotoSearch(*open_->library, open_->embedder.get()).searchImage(query, options);
            }
        } else {
            parseQuery(query);  // a syntax error is reported before the model is loaded
            if (!open_->embedder) open_->embedder = openLibraryModel(*open_->library, request.threads);
            hits = PhotoSearch(*open_->library, open_->embedder.get()).searchText(query, options);
        }
        result.hits.reserve(static_cast<int>(hits.size()));
        for (const auto& hit : hits) result.hits.push_back({QString::fromStdString(hit.path), hit.score});
    } catch (const std::exception& e) {
        result.error = QString::fromStdString(e.what());
    }
    result.seconds = timer.elapsed() / 1000.0;
    return result;
}

}  // namespace clipdesk::ui
