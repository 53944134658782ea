#include "application/photo_query.h"

#include "application/library_session.h"

namespace clipdesk {

std::vector<SearchHit> findPhotos(LibrarySession& session, const PhotoQuery& query, const SearchOptions& options) {
    const PhotoLibrary& library = session.library();
    const auto taggedPhotos = [&library](const std::string& tag) { return library.tags().photosWithTag(tag); };
    if (query.kind == PhotoQuery::Kind::Image) {
        if (auto stored = PhotoSearch(library, nullptr).storedEmbedding(query.text))
            return PhotoSearch(library, nullptr, taggedPhotos).searchEmbedding(*stored, options);
        return PhotoSearch(library, &session.model(), taggedPhotos).searchImage(query.text, options);
    }
    parseQuery(query.text);
    return PhotoSearch(library, &session.model(), taggedPhotos).searchText(query.text, options);
}

}  // namespace clipdesk
