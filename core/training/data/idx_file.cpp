#include "data/idx_file.h"

#include "base/read_file.h"
#include "data/pairs_file_error.h"

#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

namespace clipdesk {
namespace {

constexpr std::uint8_t kUnsignedByteType = 0x08;

std::string hex32(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof(text), "0x%08X", static_cast<unsigned>(value));
    return text;
}

std::uint32_t bigEndian32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// The whole file, inflated when it is gzip data (zlib's gzread passes other files through).
std::vector<std::uint8_t> readMaybeGzipped(const std::string& path) {
    int fd = -1;
    try {
        fd = ::dup(RegularFile(path).fd());  // zlib closes its own descriptor
    } catch (const FileReadError& e) {
        throw PairsFileError(path, 0, e.reason());
    }
    std::unique_ptr<gzFile_s, int (*)(gzFile)> file(fd >= 0 ? gzdopen(fd, "rb") : nullptr, gzclose);
    if (!file) {
        if (fd >= 0) ::close(fd);
        throw PairsFileError(path, 0, std::string("cannot open file (") + std::strerror(errno) + ")");
    }
    gzbuffer(file.get(), 1 << 17);
    std::vector<std::uint8_t> bytes;
    constexpr std::size_t kChunk = 1 << 20;
    for (;;) {
        const std::size_t used = bytes.size();
        bytes.resize(used + kChunk);
        const int got = gzread(file.get(), bytes.data() + used, static_cast<unsigned>(kChunk));
        if (got < 0) {
            int code = 0;
            const char* message = gzerror(file.get(), &code);
            throw PairsFileError(path, 0, std::string("cannot read the file (") + (message ? message : "zlib error") + ")");
        }
        bytes.resize(used + static_cast<std::size_t>(got));
        if (got == 0) break;
    }
    int code = 0;
    const char* message = gzerror(file.get(), &code);
    if (code != Z_OK && code != Z_STREAM_END)  // e.g. Z_BUF_ERROR: the gzip data ends early
        throw PairsFileError(path, 0, std::string("corrupt or truncated gzip data (") + (message ? message : "") + ")");
    return bytes;
}

}  // namespace

IdxArray readIdxFile(const std::string& path, int expectedDims) {
    const std::vector<std::uint8_t> bytes = readMaybeGzipped(path);
    const std::uint32_t expectedMagic = (std::uint32_t{kUnsignedByteType} << 8) | static_cast<std::uint32_t>(expectedDims);
    if (bytes.size() < 4)
        throw PairsFileError(path, 0, "not an IDX file (only " + std::to_string(bytes.size()) + " bytes)");
    const std::uint32_t magic = bigEndian32(bytes.data());
    if (magic != expectedMagic)
        throw PairsFileError(path, 0, "not an IDX file of unsigned bytes with " + std::to_string(expectedDims) +
                                          " dimensions (magic number " + hex32(magic) + ", expected " +
                                          hex32(expectedMagic) + ")");
    const std::size_t headerSize = 4 + 4 * static_cast<std::size_t>(expectedDims);
    if (bytes.size() < headerSize)
        throw PairsFileError(path, 0, "truncated IDX header (" + std::to_string(bytes.size()) + " bytes, expected " +
                                          std::to_string(headerSize) + ")");
    IdxArray array;
    std::uint64_t count = 1;
    for (int d = 0; d < expectedDims; ++d) {
        const std::uint32_t size = bigEndian32(bytes.data() + 4 + 4 * d);
        array.dims.push_back(size);
        if (size != 0 && count > std::numeric_limits<std::uint64_t>::max() / size)
            throw PairsFileError(path, 0, "IDX sizes are implausibly large");
        count *= size;
    }
    const std::uint64_t actual = bytes.size() - headerSize;
    if (actual != count)
        throw PairsFileError(path, 0, "the header gives " + std::to_string(count) + " bytes of data but the file has " +
                                          std::to_string(actual) + (actual < count ? " (truncated)" : ""));
    array.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(headerSize), bytes.end());
    return array;
}

}  // namespace clipdesk
