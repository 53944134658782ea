#include "base/atomic_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <vector>

namespace clipdesk {
namespace {

constexpr std::size_t kTemporarySuffix = 6;  // mkostemp's XXXXXX

std::filesystem::path folderOf(const std::filesystem::path& target) {
    return target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
}

// ".<name>." followed by exactly mkostemp's six letters and digits.
bool isTemporaryName(const std::string& name, const std::string& prefix) {
    if (name.size() != prefix.size() + kTemporarySuffix || name.compare(0, prefix.size(), prefix) != 0) return false;
    for (std::size_t i = prefix.size(); i < name.size(); ++i)
        if (!std::isalnum(static_cast<unsigned char>(name[i]))) return false;
    return true;
}

// Removes `path` if it is a regular file that no live writer holds and that has not been
// modified for a while; the lock is held while removing, so a writer cannot take it over.
bool removeIfAbandoned(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return false;
    bool removed = false;
    struct stat opened {};
    struct stat named {};
    if (::fstat(fd, &opened) == 0 && S_ISREG(opened.st_mode) &&
        std::time(nullptr) - opened.st_mtime >= kAbandonedTemporaryAgeSeconds && ::flock(fd, LOCK_EX | LOCK_NB) == 0 &&
        ::lstat(path.c_str(), &named) == 0 && named.st_dev == opened.st_dev && named.st_ino == opened.st_ino)
        removed = ::unlink(path.c_str()) == 0;
    ::close(fd);
    return removed;
}

}  // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target) : target_(std::move(target)) {
    std::string pattern = (folderOf(target_) / ("." + target_.filename().string() + ".XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) fail("cannot create a temporary file");
    tempPath_ = name.data();
    // Marks the temporary as in use until this writer is done (removeAbandonedTemporaries).
    ::flock(fd, LOCK_EX | LOCK_NB);
    // A replaced file keeps its permissions (a private 0600 file must not become world-readable).
    struct stat existing {};
    const bool replacing = ::stat(target_.c_str(), &existing) == 0 && S_ISREG(existing.st_mode);
    ::fchmod(fd, replacing ? (existing.st_mode & 07777) : 0644);
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
        ::close(fd);
        ::unlink(tempPath_.c_str());
        fail("cannot open the temporary file");
    }
}

AtomicFileWriter::~AtomicFileWriter() {
    // Removed while still open, so its lock covers it until it is gone.
    if (!committed_ && !tempPath_.empty()) ::unlink(tempPath_.c_str());
    if (file_) std::fclose(file_);
}

void AtomicFileWriter::fail(const std::string& what) const {
    throw std::runtime_error(target_.string() + ": " + what + ": " + std::strerror(errno));
}

void AtomicFileWriter::write(const void* data, std::size_t size) {
    if (size > 0 && std::fwrite(data, 1, size, file_) != size) fail("write failed");
}

void AtomicFileWriter::commit() {
    if (std::fflush(file_) != 0) fail("write failed");
    if (::fsync(::fileno(file_)) != 0) fail("fsync failed");
    // Renamed while still open and locked: a closed temporary could pass for an abandoned one.
    if (std::rename(tempPath_.c_str(), target_.c_str()) != 0) fail("cannot rename the temporary file over it");
    committed_ = true;
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (closed != 0) fail("close failed");
    const int dirFd = ::open(folderOf(target_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);  // makes the rename itself durable
        ::close(dirFd);
    }
}

int removeAbandonedTemporaries(const std::filesystem::path& target) {
    const std::string prefix = "." + target.filename().string() + ".";
    int removed = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(folderOf(target), ec), end; !ec && it != end; it.increment(ec))
        if (isTemporaryName(it->path().filename().string(), prefix) && removeIfAbandoned(it->path())) ++removed;
    return removed;
}

void writeFileAtomically(const std::filesystem::path& target, const std::string& contents) {
    AtomicFileWriter writer(target);
    writer.write(contents.data(), contents.size());
    writer.commit();
}

}  // namespace clipdesk
