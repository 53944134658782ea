#include "photo_reader.h"

#include "base/file_stamp.h"
#include "base/read_file.h"

#include "library/photo_dates.h"

#include "clip/image/photo_date_taken.h"
#include "photo_fingerprint.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <vector>

namespace clipdesk {
namespace {


std::string sizeChange(std::int64_t before, std::int64_t after) {
    return before == after ? "its modification time changed"
                           : "size " + std::to_string(before) + " -> " + std::to_string(after) + " bytes";
}

RegularFile openPhoto(const std::string& path) {
    try {
        return RegularFile(path);
    } catch (const FileReadError& e) {
        if (e.errorNumber() == ENOENT) throw PhotoReadError("file disappeared after the scan");
        throw PhotoReadError(e.reason());
    }
}

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

PreparedPhoto preparePhoto(const ScannedFile& expected, const ClipEmbedder& embedder) {
    const RegularFile file = openPhoto(expected.path);
    struct stat st = file.status();
    const FileStamp before = fileStamp(st);
    if (before.size != expected.size || before.mtimeNs != expected.mtimeNs)
        throw PhotoReadError("file changed after the scan (" + sizeChange(expected.size, before.size) +
                             "); it will be indexed on the next run");
    const std::vector<std::uint8_t> bytes = readAll(file.fd(), before.size);
    if (::fstat(file.fd(), &st) != 0) throw PhotoReadError(std::string("cannot stat file: ") + std::strerror(errno));
    const FileStamp after = fileStamp(st);
    if (after.size != before.size || after.mtimeNs != before.mtimeNs)
        throw PhotoReadError("file changed while being read (" + sizeChange(before.size, after.size) +
                             "); it will be indexed on the next run");

    ModelPixels decoded;
    try {
        decoded = embedder.pixelsFromMemory(bytes.data(), bytes.size(), expected.path, DecodeFidelity::Reduced);
    } catch (const ImageDecodeError& e) {
        throw PhotoReadError(e.reason());
    }
    PreparedPhoto photo;
    photo.info.size = before.size;
    photo.info.mtimeNs = before.mtimeNs;
    photo.info.fingerprint = fingerprintBytes(bytes.data(), bytes.size());
    photo.info.width = decoded.sourceWidth;
    photo.info.height = decoded.sourceHeight;
    if (const auto taken = readPhotoDateTaken(bytes.data(), bytes.size())) photo.info.takenAt = storedDateTaken(*taken);
    photo.pixels = std::move(decoded.pixels);
    return photo;
}

}  // namespace clipdesk
