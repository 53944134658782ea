#pragma once
// Finding photos: a text query (see query_parser.h for the syntax), an image, or both
// combined, turned into one normalised query embedding and scored by cosine similarity
// against the library's vector index.
//
// Photos hidden from results (LibraryDatabase::setHidden) are never returned.
// Filters: a folder prefix, a tag and a minimum score. When the filters leave few photos they
// are searched exactly over their stored embeddings; otherwise the index is asked for more
// candidates than needed (4x, growing) until k of them pass the filters or the library is
// exhausted.

#include "clip/clip_embedder.h"
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
};

// The photos carrying a tag (not rejected), ascending ids: how PhotoSearch resolves
// SearchOptions::tag without depending on the tagging module (the application layer gives it).
using TaggedPhotoLookup = std::function<std::vector<std::int64_t>(const std::string& tag)>;

struct SearchHit {
    std::int64_t photoId = 0;
    std::string path;
    float score = 0;  // cosine similarity with the query embedding
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

    // Sum of weight x concept embedding, L2-normalised: the vector a query searches with.
    std::vector<float> queryEmbedding(const std::vector<QueryConcept>& concepts);
    // The stored embedding when the file is an indexed, unchanged photo of the library;
    // otherwise the file is decoded and encoded.
    std::vector<float> imageEmbedding(const std::string& imagePath);
    // The stored embedding of an indexed photo that has not changed since; no model needed.
    std::optional<std::vector<float>> storedEmbedding(const std::string& imagePath);

private:
    ClipEmbedder& requireEmbedder(const char* why);
    bool isHidden(std::int64_t photoId) const;
    std::vector<SearchHit> indexSearch(const std::vector<float>& query, const std::string& folder,
                                       const std::vector<std::int64_t>* tagged, const SearchOptions& options);
    std::vector<SearchHit> exactSearch(const std::vector<float>& query, const std::vector<std::int64_t>& ids,
                                       const SearchOptions& options);

    const PhotoLibrary& library_;
    ClipEmbedder* embedder_;
    TaggedPhotoLookup taggedPhotos_;
    std::vector<std::int64_t> hidden_;  // photos hidden from results, ascending
};

}  // namespace clipdesk
