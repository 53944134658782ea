#include "exif_date.h"

#include "clip/image/tiff_tags.h"

#include <cstring>

namespace clipdesk {
namespace {

constexpr std::uint16_t kTagDateTime = 0x0132;
constexpr std::uint16_t kTagExifIfd = 0x8769;
constexpr std::uint16_t kTagDateTimeOriginal = 0x9003;
constexpr std::uint32_t kTypeAscii = 2;

// readFirstIfdTag (tiff_tags.h) reads numbers in IFD0; dates are ASCII and usually sit in the
// Exif sub-IFD, so this reads one ASCII entry of the IFD at `ifdOffset`.
std::optional<std::string> readAsciiTag(const std::uint8_t* tiff, std::size_t size, std::size_t ifdOffset,
                                        std::uint16_t tag) {
    const bool little = tiff[0] == 'I';
    auto has = [&](std::size_t offset, std::size_t count) { return offset <= size && count <= size - offset; };
    auto u16 = [&](std::size_t o) -> std::uint32_t {
        return little ? tiff[o] | (tiff[o + 1] << 8) : (tiff[o] << 8) | tiff[o + 1];
    };
    auto u32 = [&](std::size_t o) -> std::uint32_t {
        return little ? u16(o) | (u16(o + 2) << 16) : (u16(o) << 16) | u16(o + 2);
    };
    if (!has(ifdOffset, 2)) return std::nullopt;
    const std::size_t entries = u16(ifdOffset);
    for (std::size_t i = 0; i < entries; ++i) {
        const std::size_t entry = ifdOffset + 2 + i * 12;
        if (!has(entry, 12)) return std::nullopt;
        if (u16(entry) != tag) continue;
        const std::size_t count = u32(entry + 4);
        if (u16(entry + 2) != kTypeAscii || count == 0) return std::nullopt;
        const std::size_t valueOffset = count <= 4 ? entry + 8 : u32(entry + 8);
        if (!has(valueOffset, count)) return std::nullopt;
        const char* text = reinterpret_cast<const char*>(tiff + valueOffset);
        return std::string(text, strnlen(text, count));
    }
    return std::nullopt;
}

// EXIF writes "YYYY:MM:DD HH:MM:SS"; cameras without a clock write zeros or blanks.
std::optional<std::string> toIsoDate(const std::optional<std::string>& exif) {
    if (!exif || exif->size() < 19) return std::nullopt;
    const std::string& s = *exif;
    static const char* shape = "dddd:dd:dd dd:dd:dd";
    for (int i = 0; i < 19; ++i) {
        const bool digit = s[i] >= '0' && s[i] <= '9';
        if (shape[i] == 'd' ? !digit : s[i] != shape[i]) return std::nullopt;
    }
    const int year = std::stoi(s.substr(0, 4));
    const int month = std::stoi(s.substr(5, 2));
    const int day = std::stoi(s.substr(8, 2));
    if (year < 1800 || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    std::string iso = s.substr(0, 19);
    iso[4] = '-';
    iso[7] = '-';
    return iso;
}

std::optional<std::string> dateFromTiff(const std::uint8_t* tiff, std::size_t size) {
    if (size < 8 || !((tiff[0] == 'I' && tiff[1] == 'I') || (tiff[0] == 'M' && tiff[1] == 'M'))) return std::nullopt;
    if (const auto exifIfd = readFirstIfdTag(tiff, size, kTagExifIfd))
        if (auto date = toIsoDate(readAsciiTag(tiff, size, *exifIfd, kTagDateTimeOriginal))) return date;
    const std::size_t ifd0 = tiff[0] == 'I' ? tiff[4] | (tiff[5] << 8) | (tiff[6] << 16) | (std::uint32_t{tiff[7]} << 24)
                                            : (std::uint32_t{tiff[4]} << 24) | (tiff[5] << 16) | (tiff[6] << 8) | tiff[7];
    return toIsoDate(readAsciiTag(tiff, size, ifd0, kTagDateTime));
}

}  // namespace

std::optional<std::string> readExifDateTaken(const std::uint8_t* data, std::size_t size) {
    if (size >= 4 && data[0] == 0xFF && data[1] == 0xD8) {
        // The marker segments before the first scan; EXIF is an APP1 segment among them.
        std::size_t pos = 2;
        while (pos + 4 <= size && data[pos] == 0xFF) {
            const std::uint8_t marker = data[pos + 1];
            if (marker == 0xDA || marker == 0xD9) break;
            const std::size_t length = (data[pos + 2] << 8) | data[pos + 3];
            if (length < 2 || length > size - pos - 2) break;
            const std::uint8_t* payload = data + pos + 4;
            const std::size_t payloadSize = length - 2;
            if (marker == 0xE1 && payloadSize > 6 && std::memcmp(payload, "Exif\0\0", 6) == 0)
                return dateFromTiff(payload + 6, payloadSize - 6);
            pos += 2 + length;
        }
        return std::nullopt;
    }
    return dateFromTiff(data, size);
}

}  // namespace clipdesk
