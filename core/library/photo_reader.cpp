#include "library/photo_reader.h"

#include "library/exif_date.h"
#include "library/photo_fingerprint.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <vector>

namespace clipdesk {
namespace {

struct FileState {
    std::int64_t size = 0;
    std::int64_t mtimeNs = 0;
};

FileState stateOf(const struct stat& st) {
    return {st.st_size, std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::string sizeChange(std::int64_t before, std::int64_t after) {
    return before == after ? "its modification time changed"
                           : "size " + std::to_string(before) + " -> " + std::to_string(after) + " bytes";
}

class FileHandle {
public:
    explicit FileHandle(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
    ~FileHandle() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileHandle(const FileHandle&) = delete;
    FileHandle& operator=(const FileHandle&) = delete;
    int fd() const { return fd_; }

private:
    int fd_;
};

std::vector<std::uint8_t> readAll(int fd, std::int64_t size) {
    // The decoder takes at most INT_MAX bytes; larger files are refused before reading them.
    if (size > std::numeric_limits<int>::max()) throw PhotoReadError("file too large to be decoded as an image");
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) throw PhotoReadError(std::string("cannot read file: ") + std::strerror(errno));
        if (got == 0) throw PhotoReadError("file changed while being read (it became shorter); it will be indexed on the next run");
        done += static_cast<std::size_t>(got);
    }
    char extra;
    if (::read(fd, &extra, 1) > 0)
        throw PhotoReadError("file changed while being read (it grew); it will be indexed on the next run");
    return bytes;
}

}  // namespace

PreparedPhoto preparePhoto(const ScannedFile& expected, const ImageDecoder& decoder, const ImagePreprocessor& preprocessor) {
    FileHandle file(expected.path);
    if (file.fd() < 0) {
        if (errno == ENOENT) throw PhotoReadError("file disappeared after the scan");
        throw PhotoReadError(std::string("cannot open file: ") + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(file.fd(), &st) != 0) throw PhotoReadError(std::string("cannot stat file: ") + std::strerror(errno));
    const FileState before = stateOf(st);
    if (before.size != expected.size || before.mtimeNs != expected.mtimeNs)
        throw PhotoReadError("file changed after the scan (" + sizeChange(expected.size, before.size) +
                             "); it will be indexed on the next run");
    const std::vector<std::uint8_t> bytes = readAll(file.fd(), before.size);
    if (::fstat(file.fd(), &st) != 0) throw PhotoReadError(std::string("cannot stat file: ") + std::strerror(errno));
    const FileState after = stateOf(st);
    if (after.size != before.size || after.mtimeNs != before.mtimeNs)
        throw PhotoReadError("file changed while being read (" + sizeChange(before.size, after.size) +
                             "); it will be indexed on the next run");

    DecodeOptions options;
    options.minShortSide = preprocessor.config().imageSize;  // lets JPEGs decode at 1/2, 1/4 or 1/8 size
    DecodedImage decoded;
    try {
        decoded = decoder.decodeMemory(bytes.data(), bytes.size(), expected.path, options);
    } catch (const ImageDecodeError& e) {
        throw PhotoReadError(e.reason());
    }
    PreparedPhoto photo;
    photo.info.size = before.size;
    photo.info.mtimeNs = before.mtimeNs;
    photo.info.fingerprint = fingerprintBytes(bytes.data(), bytes.size());
    photo.info.width = decoded.sourceWidth;
    photo.info.height = decoded.sourceHeight;
    photo.info.takenAt = readExifDateTaken(bytes.data(), bytes.size());
    photo.pixels = preprocessor(decoded.image);
    return photo;
}

}  // namespace clipdesk
