#include "base/read_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clipdesk {

std::string fileTypeName(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "not a regular file";
}

RegularFile::RegularFile(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) {
        const int error = errno;
        throw FileReadError(path, std::string("cannot open file: ") + std::strerror(error), error);
    }
    if (::fstat(fd_, &status_) != 0) {
        const int error = errno;
        ::close(fd_);
        throw FileReadError(path, std::string("cannot stat file: ") + std::strerror(error), error);
    }
    if (!S_ISREG(status_.st_mode)) {
        ::close(fd_);
        throw FileReadError(path, "not a regular file (" + fileTypeName(status_.st_mode) + ")");
    }
}

RegularFile::~RegularFile() {
    if (fd_ >= 0) ::close(fd_);
}

RegularFile::RegularFile(RegularFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_), status_(other.status_) {
    other.fd_ = -1;
}

std::size_t RegularFile::read(void* buffer, std::size_t n) {
    for (;;) {
        const ssize_t got = ::read(fd_, buffer, n);
        if (got >= 0) return static_cast<std::size_t>(got);
        if (errno == EINTR) continue;
        const int error = errno;
        throw FileReadError(path_, std::string("read error: ") + std::strerror(error), error);
    }
}

std::FILE* RegularFile::releaseToStdio() {
    std::FILE* stream = ::fdopen(fd_, "rb");
    if (!stream) {
        const int error = errno;
        throw FileReadError(path_, std::string("cannot open file: ") + std::strerror(error), error);
    }
    fd_ = -1;
    return stream;
}

std::string readFileBytes(const std::string& path) {
    RegularFile file(path);
    std::string bytes;
    bytes.reserve(static_cast<std::size_t>(file.size()));
    char chunk[1 << 16];
    while (const std::size_t got = file.read(chunk, sizeof chunk)) bytes.append(chunk, got);
    return bytes;
}

}  // namespace clipdesk
