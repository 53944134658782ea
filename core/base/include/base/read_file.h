#pragma once
// Opening and reading files that must be regular files. Every reader of a file it did not write
// itself opens it here: with O_NONBLOCK, so opening a FIFO or a device never waits for a writer,
// and with the type checked by fstat() on the opened descriptor, so a file swapped for a FIFO
// after an earlier check is still refused instead of hanging the reader.

#include "base/path_error.h"

#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace clipdesk {

// A file could not be read; what() is "path: reason". errorNumber() is the errno of a failed
// open or read (0 when the file opened but is unsuitable, e.g. "not a regular file (a FIFO)").
class FileReadError : public PathError {
public:
    FileReadError(const std::string& path, const std::string& reason, int errorNumber = 0)
        : PathError(path, reason), errorNumber_(errorNumber) {}
    int errorNumber() const { return errorNumber_; }

private:
    int errorNumber_;
};

// "a FIFO", "a directory", "a character device", ... for a file type that is not a regular file.
std::string fileTypeName(mode_t mode);

// A regular file open for reading (O_RDONLY | O_NONBLOCK | O_CLOEXEC), closed on destruction.
class RegularFile {
public:
    // Throws FileReadError: cannot open (with errno), or "not a regular file (a FIFO)".
    explicit RegularFile(const std::string& path);
    ~RegularFile();
    RegularFile(RegularFile&& other) noexcept;
    RegularFile& operator=(RegularFile&&) = delete;
    RegularFile(const RegularFile&) = delete;
    RegularFile& operator=(const RegularFile&) = delete;

    const std::string& path() const { return path_; }
    int fd() const { return fd_; }
    // The fstat() of the opened descriptor.
    const struct stat& status() const { return status_; }
    std::uint64_t size() const { return static_cast<std::uint64_t>(status_.st_size); }

    // Up to n bytes from the current position; 0 at the end. Throws FileReadError.
    std::size_t read(void* buffer, std::size_t n);
    // Hands the descriptor to a stdio stream that owns it from then on. Throws FileReadError.
    std::FILE* releaseToStdio();

private:
    std::string path_;
    int fd_ = -1;
    struct stat status_ {};
};

// The file's bytes. Throws FileReadError (e.g. missing, unreadable, a directory, a FIFO).
std::string readFileBytes(const std::string& path);

}  // namespace clipdesk
