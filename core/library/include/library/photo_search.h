#pragma once
// Finding photos: a text query (see query_parser.h for the syntax), an image, or both
// combined, turned into one normalised query embedding and scored by cosine similarity
// against the library's vector index.
//
// Filters: a folder prefix, a tag, a range of dates taken and a minimum score. When the
// filters leave few photos they are searched exactly over their stored embeddings; otherwise
// the index is asked for more candidates than needed (4x, growing) until k of them pass the
// filters or the library is exhausted. The k best are then put in the asked order (by score,
// by date taken, or by folder). Without a query, browse() lists the library by date.
// Photos hidden from results (LibraryDatabase::setHidden) are never returned, browsing included.

#include "clip/clip_embedder.h"
#include "library/photo_dates.h"
#include "library/photo_library.h"
#include "library/query_parser.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace clipdesk {

struct SearchOptions {
    int k = 20;
    std::optional<float> minScore;  // drop hits scoring below this
    std::string folder;             // only photos in this folder or below it (empty: all)
    std::string tag;                // only photos carrying this tag, not rejected (empty: any)
    DateRange taken;                // only photos taken in this range (photo_dates.h)
    ResultOrder order = ResultOrder::Score;  // how the k best are ordered
};

// The photos carrying a tag (not rejected), ascending ids: how PhotoSearch resolves
// SearchOptions::tag without depending on the tagging module (the application layer gives it).
using TaggedPhotoLookup = std::function<std::vector<std::int64_t>(const std::string& tag)>;

struct SearchHit {
    std::int64_t photoId = 0;
    std::string path;
    float score = 0;  // cosine similarity with the query embedding (0 when browsing)
    PhotoDate date;   // when it was taken
};

class PhotoSearch {
public:
    // `embedder` must be the library's model (same identity); it is only needed for
    // text concepts and for images that are not in the library.
    PhotoSearch(const PhotoLibrary& library, ClipEmbedder* embedder, TaggedPhotoLookup taggedPhotos = {});

    // Throws QuerySyntaxError, or std::runtime_error for an image concept that cannot be read.
    std::vector<SearchHit> searchText(const std::string& query, const SearchOptions& options);
    std::vector<SearchHit> searchImage(const std::string& imagePath, const SearchOptions& options);
    std::vector<SearchHit> searchEmbedding(const std::vector<float>& query, const SearchOptions& options);
    // No query: the first k photos passing the filters, in options.order (Score means newest
    // first). Needs no model.
    std::vector<SearchHit> browse(const SearchOptions& options);

    // Sum of weight x concept embedding, L2-normalised: the vector a query searches with.
    std::vector<float> queryEmbedding(const std::vector<QueryConcept>& concepts);
    // The stored embedding when the file is an indexed, unchanged photo of the library;
    // otherwise the file is decoded and encoded.
    std::vector<float> imageEmbedding(const std::string& imagePath);
    // The stored embedding of an indexed photo that has not changed since; no model needed.
    std::optional<std::vector<float>> storedEmbedding(const std::string& imagePath);

private:
    ClipEmbedder& requireEmbedder(const char* why);
    // The photos the folder, tag and date filters allow, ascending; nullopt when there are no
    // such filters.
    std::optional<std::vector<std::int64_t>> allowedPhotos(const SearchOptions& options);
    std::vector<SearchHit> indexSearch(const std::vector<float>& query, const std::vector<std::int64_t>* allowed,
                                       const SearchOptions& options);
    // Paths and dates of the hits, then options.order.
    std::vector<SearchHit> finish(std::vector<SearchHit> hits, const SearchOptions& options);
    bool isHidden(std::int64_t photoId) const;
    std::vector<SearchHit> exactSearch(const std::vector<float>& query, const std::vector<std::int64_t>& ids,
                                       const SearchOptions& options);

    const PhotoLibrary& library_;
    ClipEmbedder* embedder_;
    TaggedPhotoLookup taggedPhotos_;
    std::vector<std::int64_t> hidden_;  // photos hidden from results, ascending
};

}  // namespace clipdesk
