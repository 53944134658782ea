#include "library/library_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace clipdesk {

LibraryLock LibraryLock::tryAcquire(const std::filesystem::path& lockFile) {
    const int fd = ::open(lockFile.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error(lockFile.string() + ": cannot open lock file: " + std::strerror(errno));
    LibraryLock lock;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK) return lock;
        throw std::runtime_error(lockFile.string() + ": cannot lock: " + std::strerror(error));
    }
    lock.fd_ = fd;
    return lock;
}

LibraryLock::LibraryLock(LibraryLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

LibraryLock& LibraryLock::operator=(LibraryLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

LibraryLock::~LibraryLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace clipdesk
