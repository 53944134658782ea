#include "services/search_service.h"

#include "services/use_case_messages.h"

#include "application/library_session.h"
#include "application/photo_query.h"

#include <QCoreApplication>
#include <QElapsedTimer>


namespace clipdesk::ui {

struct SearchService::Open {
    std::string libraryDir;
    int threads = 0;
    int generation = 0;
    std::unique_ptr<LibrarySession> session;  // the model is loaded by the first search that needs it
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
            SessionOptions options;
            options.libraryDir = dir;
            options.model.threads = request.threads;
            open->session = LibrarySession::open(options);
            open_ = std::move(open);
        }
        SearchOptions options;
        options.k = request.k;
        options.folder = request.folder.toStdString();
        options.tag = request.tag.toStdString();
        options.taken = request.taken;
        options.order = request.order;
        const PhotoQuery query{request.kind == SearchRequest::Kind::Image ? PhotoQuery::Kind::Image : PhotoQuery::Kind::Text,
                               request.query.toStdString()};
        const auto hits = findPhotos(*open_->session, query, options);
        result.hits.reserve(static_cast<int>(hits.size()));
        const bool browsing = query.kind == PhotoQuery::Kind::Text && request.query.trimmed().isEmpty();
        for (const auto& hit : hits)
            result.hits.push_back({QString::fromStdString(hit.path), hit.score, {}, !browsing,
                                   QString::fromStdString(hit.date.local), QString::fromStdString(hit.date.offset),
                                   hit.date.source == DateSource::FileTime});
    } catch (const std::exception& e) {
        result.error = useCaseMessage(e);
    }
    result.seconds = timer.elapsed() / 1000.0;
    return result;
}

}  // namespace clipdesk::ui
