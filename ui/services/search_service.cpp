#include "services/search_service.h"

#include "services/library_model.h"

#include "library/photo_search.h"
#include "tagging/tag_store.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
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
        options.folder = request.folder.toStdString();
        const std::string query = request.query.toStdString();
        const auto search = [&](int k) -> std::vector<SearchHit> {
            options.k = k;
            if (request.kind == SearchRequest::Kind::Image) {
                // A photo of the library needs no model: its embedding is stored.
                if (auto stored = PhotoSearch(*open_->library, nullptr).storedEmbedding(query))
                    return PhotoSearch(*open_->library, nullptr).searchEmbedding(*stored, options);
                if (!open_->embedder) open_->embedder = openLibraryModel(*open_->library, request.threads);
                return PhotoSearch(*open_->library, open_->embedder.get()).searchImage(query, options);
            }
            parseQuery(query);  // a syntax error is reported before the model is loaded
            if (!open_->embedder) open_->embedder = openLibraryModel(*open_->library, request.threads);
            return PhotoSearch(*open_->library, open_->embedder.get()).searchText(query, options);
        };
        std::vector<SearchHit> hits;
        if (request.tag.isEmpty()) {
            hits = search(request.k);
        } else {
            // Only photos carrying the tag: fetch 4x (16x, ...) as many hits until k of them
            // carry it or the whole library has been ranked.
            const auto tagged = TagStore(open_->library->database()).photosWithTag(request.tag.toStdString());
            for (int fetch = std::max(1, request.k) * 4; !tagged.empty(); fetch *= 4) {
                const auto all = search(fetch);
                hits.clear();
                for (const auto& hit : all)
                    if (std::binary_search(tagged.begin(), tagged.end(), hit.photoId)) hits.push_back(hit);
                if (static_cast<int>(hits.size()) >= request.k || static_cast<int>(all.size()) < fetch ||
                    fetch >= (1 << 26))
                    break;
            }
            if (static_cast<int>(hits.size()) > request.k) hits.resize(static_cast<std::size_t>(request.k));
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
