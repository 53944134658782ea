#include "library/library_paths.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace clipdesk {

std::filesystem::path defaultLibrariesDir() {
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data == '/') return std::filesystem::path(data) / "clipdesk/libraries";
    const char* home = std::getenv("HOME");
    if (!home || !*home) throw std::runtime_error("cannot find the data directory: neither XDG_DATA_HOME nor HOME is set");
    return std::filesystem::path(home) / ".local/share/clipdesk/libraries";
}

std::filesystem::path resolveLibraryDir(const std::string& nameOrPath) {
    if (nameOrPath.empty()) throw std::invalid_argument("the library name is empty");
    if (nameOrPath.find('/') != std::string::npos || nameOrPath == "." || nameOrPath == "..")
        return normalisedPath(nameOrPath);
    return defaultLibrariesDir() / nameOrPath;
}

LibraryFiles libraryFiles(const std::filesystem::path& dir) {
    return {dir, dir / "library.sqlite", dir / "vectors.faiss", dir / "indexing.lock"};
}

DatabaseFileState inspectDatabaseFile(const LibraryFiles& files, std::string* remains) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(files.database, ec);
    if (!ec && size > 0) return DatabaseFileState::Present;
    // The lock file does not count: an index run creates it just before the database.
    std::string found;
    for (const auto& other : {files.vectorIndex, std::filesystem::path(files.database.string() + "-wal")}) {
        std::error_code otherError;
        if (std::filesystem::exists(other, otherError))
            found += (found.empty() ? "" : ", ") + other.filename().string();
    }
    if (found.empty()) return DatabaseFileState::NotYet;
    if (remains) *remains = found;
    return DatabaseFileState::Damaged;
}

std::string unwritableLibraryFile(const LibraryFiles& files) {
    const std::string database = files.database.string();
    for (const auto& path : {files.dir.string(), database, database + "-wal", database + "-shm", files.lock.string()}) {
        if (::access(path.c_str(), W_OK) == 0 || errno == ENOENT) continue;
        return path + ": " + std::strerror(errno);
    }
    return "";
}

std::string normalisedPath(const std::filesystem::path& path) {
    std::error_code ec;
    auto p = std::filesystem::weakly_canonical(std::filesystem::absolute(path), ec);
    if (ec) p = std::filesystem::absolute(path).lexically_normal();
    std::string s = p.string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

bool isPathUnder(const std::string& path, const std::string& folder) {
    if (folder == "/") return !path.empty() && path[0] == '/';
    return path.size() >= folder.size() && path.compare(0, folder.size(), folder) == 0 &&
           (path.size() == folder.size() || path[folder.size()] == '/');
}

}  // namespace clipdesk
