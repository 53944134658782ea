#include "photo_fingerprint.h"

#include "base/read_file.h"

#include "base/sha256.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace clipdesk {
namespace {

// The tail starts after the head, so a small file is hashed once, whole.
std::size_t tailStart(std::size_t size) {
    return std::max(std::min(size, kFingerprintChunkBytes), size > kFingerprintChunkBytes ? size - kFingerprintChunkBytes : 0);
}

std::int64_t digestToFingerprint(Sha256& hash) {
    const auto digest = hash.finish();
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = (value << 8) | digest[static_cast<std::size_t>(i)];
    return static_cast<std::int64_t>(value);
}

void hashSize(Sha256& hash, std::uint64_t size) {
    std::uint8_t bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(size >> (8 * i));
    hash.update(bytes, sizeof bytes);
}

bool readAt(int fd, std::uint8_t* out, std::size_t count, off_t offset) {
    while (count > 0) {
        const ssize_t got = ::pread(fd, out, count, offset);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        out += got;
        count -= static_cast<std::size_t>(got);
        offset += got;
    }
    return true;
}

}  // namespace

std::int64_t fingerprintBytes(const std::uint8_t* data, std::size_t size) {
    Sha256 hash;
    hashSize(hash, size);
    const std::size_t head = std::min(size, kFingerprintChunkBytes);
    hash.update(data, head);
    const std::size_t tail = tailStart(size);
    hash.update(data + tail, size - tail);
    return digestToFingerprint(hash);
}

std::optional<std::int64_t> fingerprintFile(const std::string& path, std::string* error) {
    try {
        const RegularFile file(path);
        const auto size = static_cast<std::size_t>(file.size());
        const std::size_t head = std::min(size, kFingerprintChunkBytes);
        const std::size_t tail = tailStart(size);
        std::vector<std::uint8_t> buffer(head + (size - tail));
        if (!readAt(file.fd(), buffer.data(), head, 0) ||
            !readAt(file.fd(), buffer.data() + head, size - tail, static_cast<off_t>(tail))) {
            if (error) *error = std::string("cannot read file: ") + std::strerror(errno);
            return std::nullopt;
        }
        Sha256 hash;
        hashSize(hash, size);
        hash.update(buffer.data(), buffer.size());
        return digestToFingerprint(hash);
    } catch (const FileReadError& e) {
        if (error) *error = e.reason();
        return std::nullopt;
    }
}

}  // namespace clipdesk
