#pragma once
// Use case: find photos — by a text query (library/query_parser.h syntax) or like an image —
// with every filter of SearchOptions (folder, tag, dates taken, minimum score) and its order.
// An empty text query (only separators: isEmptyQuery) browses the library (newest first unless another order is asked). A
// photo of the library needs no model (its embedding is stored); a syntax error is reported
// before the model loads.

#include "clip/model/model_towers.h"
#include "library/photo_search.h"

#include <string>
#include <vector>

namespace clipdesk {

class LibrarySession;

struct PhotoQuery {
    enum class Kind { Text, Image };
    Kind kind = Kind::Text;
    std::string text;  // the query, or the image's path
};

// A text query's concepts (library/query_parser.h), checked for words: throws
// UseCaseError(QueryWithoutWords) naming the query when it is empty or when a text concept has
// no letter or digit in any script ("！？。", "...", "beach +…"), QuerySyntaxError for its syntax.
std::vector<QueryConcept> readTextQuery(const std::string& text);

// The towers a query's concepts need whatever the library holds: the text tower for words (an
// image concept needs the image tower only when the library has no embedding of it). What a
// session can start loading before the library is open (SessionOptions::preloadTowers).
ModelTowers towersForWords(const std::vector<QueryConcept>& concepts);

// Throws QuerySyntaxError, UseCaseError (model, a query without words), or std::runtime_error
// for an unreadable image.
std::vector<SearchHit> findPhotos(LibrarySession& session, const PhotoQuery& query, const SearchOptions& options);

}  // namespace clipdesk
