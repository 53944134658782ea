#pragma once
// PATH arguments of the tagging commands: folders or photos of a library, normalised the way
// the library stores paths; photos named one by one resolved to their ids.

#include "library/library_database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace clipdesk::cli {

std::vector<std::string> normalisedPaths(const std::vector<std::string>& paths);

// The id of each photo; throws naming the first path that is not an indexed photo of the library.
std::vector<std::int64_t> indexedPhotoIds(const LibraryDatabase& db, const std::vector<std::string>& photos, const char* what);

}  // namespace clipdesk::cli
