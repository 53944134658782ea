#include "tokenizer/file_contents.h"

#include "base/read_file.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace clipdesk::tokenizer {
namespace {

[[noreturn]] void unreadable(const std::string& path, const std::string& what) {
    throw std::runtime_error(path + ": " + what);
}

bool hasGzipMagic(const std::string& bytes, std::size_t at) {
    return bytes.size() >= at + 2 && static_cast<unsigned char>(bytes[at]) == 0x1F &&
           static_cast<unsigned char>(bytes[at + 1]) == 0x8B;
}

struct Inflater {
    z_stream stream{};
    explicit Inflater(const std::string& path) {
        if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) unreadable(path, "cannot initialise zlib");
    }
    ~Inflater() { inflateEnd(&stream); }
};

std::string gunzip(const std::string& compressed, const std::string& path) {
    Inflater inflater(path);
    z_stream& zs = inflater.stream;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    zs.avail_in = static_cast<uInt>(compressed.size());
    std::string out;
    // The trailer's last 4 bytes are the uncompressed size (mod 2^32) of the last member: room
    // for CLIP's 3.2 MB at once instead of growing by copies (a hint only, so capped).
    if (compressed.size() >= 18) {
        const auto* end = reinterpret_cast<const unsigned char*>(compressed.data() + compressed.size());
        const std::uint32_t size = end[-4] | (end[-3] << 8) | (end[-2] << 16) | (std::uint32_t{end[-1]} << 24);
        out.reserve(std::min<std::uint32_t>(size, 64u << 20));
    }
    char buffer[1 << 16];
    for (;;) {
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof(buffer);
        const int rc = inflate(&zs, Z_NO_FLUSH);
        out.append(buffer, sizeof(buffer) - zs.avail_out);
        if (rc == Z_STREAM_END) {
            const std::size_t consumed = compressed.size() - zs.avail_in;
            if (zs.avail_in == 0) return out;
            if (hasGzipMagic(compressed, consumed)) {  // another gzip member follows
                inflateReset(&zs);
                continue;
            }
            const bool zeroPadding = std::all_of(compressed.begin() + static_cast<std::ptrdiff_t>(consumed),
                                                 compressed.end(), [](char c) { return c == '\0'; });
            if (zeroPadding) return out;
            unreadable(path, "unexpected data after the end of the gzip stream");
        }
        if (rc == Z_DATA_ERROR) unreadable(path, std::string("corrupt gzip data (") + (zs.msg ? zs.msg : "zlib data error") + ")");
        if (rc == Z_MEM_ERROR) unreadable(path, "out of memory while decompressing");
        if (rc == Z_NEED_DICT || rc == Z_STREAM_ERROR) unreadable(path, "unsupported gzip data");
        if (rc == Z_BUF_ERROR || (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0)) {
            unreadable(path, "truncated gzip file (the compressed data ends early)");
        }
    }
}

}  // namespace

std::string readMaybeGzippedFile(const std::string& path) {
    std::string bytes = readFileBytes(path);
    return hasGzipMagic(bytes, 0) ? gunzip(bytes, path) : bytes;
}

}  // namespace clipdesk::tokenizer
