#pragma once
// The model a library was indexed with, opened for text queries and label encoding. Refuses a
// model whose files changed since the library was indexed (its embeddings would not compare).
// Used by the search service and the tagging job; callers include clip/clip_embedder.h.

#include <memory>

namespace clipdesk {
class ClipEmbedder;
class PhotoLibrary;
}  // namespace clipdesk

namespace clipdesk::ui {

// Throws std::runtime_error with a readable (translated) message.
std::unique_ptr<ClipEmbedder> openLibraryModel(PhotoLibrary& library, int threads);

}  // namespace clipdesk::ui
