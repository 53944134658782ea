#pragma once
// Where a library lives on disk. A library is one directory holding library.sqlite (folders,
// photos, embeddings, model identity) and vectors.faiss (the searchable vectors).

#include <filesystem>
#include <string>

namespace clipdesk {

// $XDG_DATA_HOME/clipdesk/libraries, or ~/.local/share/clipdesk/libraries.
std::filesystem::path defaultLibrariesDir();

// A value containing a '/' (or "." / "..") is a directory path; a bare name such as "family"
// is a library under defaultLibrariesDir(). Throws std::invalid_argument for an empty name.
std::filesystem::path resolveLibraryDir(const std::string& nameOrPath);

struct LibraryFiles {
    std::filesystem::path dir;
    std::filesystem::path database;     // library.sqlite
    std::filesystem::path vectorIndex;  // vectors.faiss
    std::filesystem::path lock;         // indexing.lock
};
LibraryFiles libraryFiles(const std::filesystem::path& dir);

// Absolute and lexically normal, symlinks in existing parts resolved, no trailing '/': the
// form in which folders and photos are stored, so that prefixes compare as strings.
std::string normalisedPath(const std::filesystem::path& path);

// Whether `path` is `folder` or lies below it (string prefix on a '/' boundary).
bool isPathUnder(const std::string& path, const std::string& folder);

}  // namespace clipdesk
