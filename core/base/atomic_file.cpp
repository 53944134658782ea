#include "base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace clipdesk {

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target) : target_(std::move(target)) {
    const auto dir = target_.parent_path().empty() ? std::filesystem::path(".") : target_.parent_path();
    std::string pattern = (dir / ("." + target_.filename().string() + ".XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) fail("cannot create a temporary file");
    tempPath_ = name.data();
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
    if (file_) std::fclose(file_);
    if (!committed_ && !tempPath_.empty()) ::unlink(tempPath_.c_str());
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
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (closed != 0) fail("close failed");
    if (std::rename(tempPath_.c_str(), target_.c_str()) != 0) fail("cannot rename the temporary file over it");
    committed_ = true;
    const auto dir = target_.parent_path().empty() ? std::filesystem::path(".") : target_.parent_path();
    const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);  // makes the rename itself durable
        ::close(dirFd);
    }
}

int removeAbandonedTemporaries(const std::filesystem::path& target) {
    const auto dir = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
    const std::string prefix = "." + target.filename().string() + ".";
    constexpr std::size_t kSuffix = 6;  // mkostemp's XXXXXX
    int removed = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() != prefix.size() + kSuffix || name.compare(0, prefix.size(), prefix) != 0) continue;
        std::error_code removeError;
        if (it->is_regular_file(removeError) && std::filesystem::remove(it->path(), removeError)) ++removed;
    }
    return removed;
}

void writeFileAtomically(const std::filesystem::path& target, const std::string& contents) {
    AtomicFileWriter writer(target);
    writer.write(contents.data(), contents.size());
    writer.commit();
}

}  // namespace clipdesk
