#include "tag_paths.h"

#include "library/library_paths.h"

#include <stdexcept>

namespace clipdesk::cli {

std::vector<std::string> normalisedPaths(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const auto& p : paths) out.push_back(normalisedPath(p));
    return out;
}

std::vector<std::int64_t> indexedPhotoIds(const LibraryDatabase& db, const std::vector<std::string>& photos, const char* what) {
    std::vector<std::int64_t> ids;
    for (const auto& p : photos) {
        const auto record = db.photoByPath(normalisedPath(p));
        if (!record) throw std::runtime_error(p + ": " + what + " is not a photo of this library");
        if (record->state != PhotoState::Indexed)
            throw std::runtime_error(p + ": " + what + " is not indexed (run 'clipdesk-cli index' first)");
        ids.push_back(record->id);
    }
    return ids;
}

}  // namespace clipdesk::cli
