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

// What a missing or empty (0-byte) library.sqlite means, decided by the library's other files:
// with none of them beside it, a library not created yet; with vectors.faiss or a write-ahead
// log there, a damaged library whose database must never be re-created over its remains.
enum class DatabaseFileState {
    Present,  // library.sqlite exists and is not empty
    NotYet,   // missing or empty, and nothing else of a library in the folder
    Damaged,  // missing or empty beside the library's other files
};
// `remains` (if given) receives the other files found, e.g. "vectors.faiss", for Damaged.
DatabaseFileState inspectDatabaseFile(const LibraryFiles& files, std::string* remains = nullptr);

// Why the library cannot be written, as "PATH: reason" naming the first of its folder,
// library.sqlite, its write-ahead log files and its lock file that this process may not write
// (permissions, a read-only medium); empty when all of them can be written. Files not there
// yet do not count.
std::string unwritableLibraryFile(const LibraryFiles& files);

// Absolute and lexically normal, symlinks in existing parts resolved, no trailing '/': the
// form in which folders and photos are stored, so that prefixes compare as strings.
std::string normalisedPath(const std::filesystem::path& path);

// Whether `path` is `folder` or lies below it (string prefix on a '/' boundary).
bool isPathUnder(const std::string& path, const std::string& folder);

}  // namespace clipdesk
