#include "clip/image/tiff_tags.h"

namespace clipdesk {
namespace {

class ByteReader {
public:
    ByteReader(const std::uint8_t* data, std::size_t size, bool littleEndian)
        : data_(data), size_(size), little_(littleEndian) {}

    bool has(std::size_t offset, std::size_t count) const { return offset <= size_ && count <= size_ - offset; }

    std::uint32_t u16(std::size_t offset) const {
        const std::uint8_t* p = data_ + offset;
        return little_ ? p[0] | (p[1] << 8) : (p[0] << 8) | p[1];
    }

    std::uint32_t u32(std::size_t offset) const {
        const std::uint8_t* p = data_ + offset;
        return little_ ? p[0] | (p[1] << 8) | (p[2] << 16) | (std::uint32_t{p[3]} << 24)
                       : (std::uint32_t{p[0]} << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    bool little_;
};

constexpr std::uint32_t kTypeShort = 3;
constexpr std::uint32_t kTypeLong = 4;
constexpr std::size_t kEntryBytes = 12;

}  // namespace

std::optional<std::uint32_t> readFirstIfdTag(const std::uint8_t* data, std::size_t size, std::uint16_t tag) {
    if (size < 8) return std::nullopt;
    bool little = false;
    if (data[0] == 'I' && data[1] == 'I')
        little = true;
    else if (data[0] != 'M' || data[1] != 'M')
        return std::nullopt;
    const ByteReader r(data, size, little);
    if (r.u16(2) != 42) return std::nullopt;
    const std::size_t ifd = r.u32(4);
    if (!r.has(ifd, 2)) return std::nullopt;
    const std::size_t entries = r.u16(ifd);
    for (std::size_t i = 0; i < entries; ++i) {
        const std::size_t entry = ifd + 2 + i * kEntryBytes;
        if (!r.has(entry, kEntryBytes)) return std::nullopt;
        if (r.u16(entry) != tag) continue;
        const std::uint32_t type = r.u16(entry + 2);
        if (r.u32(entry + 4) != 1) return std::nullopt;
        if (type == kTypeShort) return r.u16(entry + 8);
        if (type == kTypeLong) return r.u32(entry + 8);
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace clipdesk
