#include "application/photo_query.h"

#include "application/library_session.h"
#include "application/use_case_error.h"
#include "base/text_script.h"

namespace clipdesk {
namespace {

// Text concepts need the text tower; an image concept the image tower, unless the library
// holds its embedding.
ModelTowers towersFor(const std::vector<QueryConcept>& concepts, const PhotoLibrary& library) {
    ModelTowers towers = towersForWords(concepts);
    for (const auto& c : concepts) {
        if (c.kind == QueryConcept::Kind::Image && !PhotoSearch(library, nullptr).storedEmbedding(c.text)) {
            towers.image = true;
            break;
        }
    }
    return towers;
}

}  // namespace

ModelTowers towersForWords(const std::vector<QueryConcept>& concepts) {
    ModelTowers towers{false, false};
    for (const auto& c : concepts)
        if (c.kind == QueryConcept::Kind::Text) towers.text = true;
    return towers;
}

std::vector<QueryConcept> readTextQuery(const std::string& text) {
    const std::string expected = " (expected some words describing the photos, e.g. beach +sunset -people or 海滩 +日落 -人)";
    if (isEmptyQuery(text)) throw UseCaseError(UseCaseProblem::QueryWithoutWords, text, "query \"" + text + "\": empty" + expected);
    auto concepts = parseQuery(text);
    for (const auto& c : concepts)
        if (c.kind == QueryConcept::Kind::Text && !hasLetterOrDigit(c.text))
            throw UseCaseError(UseCaseProblem::QueryWithoutWords, text,
                               "query \"" + text + "\": \"" + c.text + "\" is only punctuation or symbols" + expected);
    return concepts;
}

std::vector<SearchHit> findPhotos(LibrarySession& session, const PhotoQuery& query, const SearchOptions& options) {
    const PhotoLibrary& library = session.library();
    const auto taggedPhotos = [&library](const std::string& tag) { return library.tags().photosWithTag(tag); };
    if (query.kind == PhotoQuery::Kind::Image) {
        if (auto stored = PhotoSearch(library, nullptr).storedEmbedding(query.text))
            return PhotoSearch(library, nullptr, taggedPhotos).searchEmbedding(*stored, options);
        return PhotoSearch(library, &session.model(ModelTowers::imageOnly()), taggedPhotos).searchImage(query.text, options);
    }
    if (isEmptyQuery(query.text)) return PhotoSearch(library, nullptr, taggedPhotos).browse(options);
    const auto towers = towersFor(readTextQuery(query.text), library);
    ClipEmbedder* model = towers.image || towers.text ? &session.model(towers) : nullptr;
    return PhotoSearch(library, model, taggedPhotos).searchText(query.text, options);
}

}  // namespace clipdesk
