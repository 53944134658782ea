#include "image/exif_date.h"

#include <cstring>

namespace clipdesk {
namespace {

constexpr std::uint16_t kTagDateTime = 0x0132;
constexpr std::uint16_t kTagExifIfd = 0x8769;
constexpr std::uint16_t kTagDateTimeOriginal = 0x9003;
constexpr std::uint16_t kTagOffsetTime = 0x9010;
constexpr std::uint16_t kTagOffsetTimeOriginal = 0x9011;
constexpr std::uint32_t kTypeAscii = 2;
constexpr std::uint32_t kTypeLong = 4;

class TiffBlock {
public:
    TiffBlock(const std::uint8_t* data, std::size_t size) : data_(data), size_(size), little_(data[0] == 'I') {}

    bool has(std::size_t offset, std::size_t count) const { return offset <= size_ && count <= size_ - offset; }
    std::uint32_t u16(std::size_t o) const {
        return little_ ? data_[o] | (data_[o + 1] << 8) : (data_[o] << 8) | data_[o + 1];
    }
    std::uint32_t u32(std::size_t o) const {
        return little_ ? u16(o) | (u16(o + 2) << 16) : (u16(o) << 16) | u16(o + 2);
    }

    // The entry of `tag` in the IFD at `ifd`: its offset in the block, or 0 when absent.
    std::size_t entry(std::size_t ifd, std::uint16_t tag) const {
        if (!has(ifd, 2)) return 0;
        const std::size_t entries = u16(ifd);
        for (std::size_t i = 0; i < entries; ++i) {
            const std::size_t at = ifd + 2 + i * 12;
            if (!has(at, 12)) return 0;
            if (u16(at) == tag) return at;
        }
        return 0;
    }

    std::optional<std::string> ascii(std::size_t ifd, std::uint16_t tag) const {
        const std::size_t at = entry(ifd, tag);
        if (at == 0 || u16(at + 2) != kTypeAscii) return std::nullopt;
        const std::size_t count = u32(at + 4);
        if (count == 0) return std::nullopt;
        const std::size_t valueOffset = count <= 4 ? at + 8 : u32(at + 8);
        if (!has(valueOffset, count)) return std::nullopt;
        const char* text = reinterpret_cast<const char*>(data_ + valueOffset);
        return std::string(text, strnlen(text, count));
    }

    std::optional<std::size_t> pointer(std::size_t ifd, std::uint16_t tag) const {
        const std::size_t at = entry(ifd, tag);
        if (at == 0 || u32(at + 4) != 1) return std::nullopt;
        const std::uint32_t type = u16(at + 2);
        if (type == kTypeLong || type == 13 /* IFD */) return u32(at + 8);
        return std::nullopt;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    bool little_;
};

// "+HH:MM" or "-HH:MM"; anything else (blanks, "   :  ") is no offset.
std::string checkedOffset(const std::optional<std::string>& text) {
    if (!text || text->size() < 6) return {};
    const std::string& s = *text;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if ((s[0] != '+' && s[0] != '-') || !digit(s[1]) || !digit(s[2]) || s[3] != ':' || !digit(s[4]) || !digit(s[5]))
        return {};
    const int hours = (s[1] - '0') * 10 + (s[2] - '0');
    const int minutes = (s[4] - '0') * 10 + (s[5] - '0');
    if (hours > 14 || minutes > 59) return {};
    return s.substr(0, 6);
}

}  // namespace

std::optional<std::string> isoDateFromExif(const std::string& s) {
    if (s.size() < 19) return std::nullopt;
    static const char* shape = "dddd:dd:dd dd:dd:dd";
    for (int i = 0; i < 19; ++i) {
        const bool digit = s[i] >= '0' && s[i] <= '9';
        // Some cameras write '-' between the date's fields; accept it as well.
        const bool separator = s[i] == shape[i] || (shape[i] == ':' && i < 10 && s[i] == '-');
        if (shape[i] == 'd' ? !digit : !separator) return std::nullopt;
    }
    const int year = std::stoi(s.substr(0, 4));
    const int month = std::stoi(s.substr(5, 2));
    const int day = std::stoi(s.substr(8, 2));
    const int hour = std::stoi(s.substr(11, 2));
    const int minute = std::stoi(s.substr(14, 2));
    const int second = std::stoi(s.substr(17, 2));
    if (year < 1800 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    std::string iso = s.substr(0, 19);
    iso[4] = '-';
    iso[7] = '-';
    return iso;
}

std::optional<PhotoDateTaken> exifDateInTiff(const std::uint8_t* data, std::size_t size) {
    if (size < 8 || !((data[0] == 'I' && data[1] == 'I') || (data[0] == 'M' && data[1] == 'M'))) return std::nullopt;
    const TiffBlock tiff(data, size);
    const std::size_t ifd0 = tiff.u32(4);
    // The Exif sub-IFD's original date first; TIFF/EP files (DNG) may keep it in IFD0.
    for (const auto ifd : {tiff.pointer(ifd0, kTagExifIfd), std::optional<std::size_t>(ifd0)}) {
        if (!ifd) continue;
        if (auto date = tiff.ascii(*ifd, kTagDateTimeOriginal))
            if (auto iso = isoDateFromExif(*date))
                return PhotoDateTaken{*iso, checkedOffset(tiff.ascii(*ifd, kTagOffsetTimeOriginal))};
    }
    if (auto date = tiff.ascii(ifd0, kTagDateTime))
        if (auto iso = isoDateFromExif(*date)) {
            const auto exifIfd = tiff.pointer(ifd0, kTagExifIfd);
            return PhotoDateTaken{*iso, exifIfd ? checkedOffset(tiff.ascii(*exifIfd, kTagOffsetTime)) : std::string()};
        }
    return std::nullopt;
}

std::optional<PhotoDateTaken> exifDateInJpeg(const std::uint8_t* data, std::size_t size) {
    if (size < 4 || data[0] != 0xFF || data[1] != 0xD8) return std::nullopt;
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
            return exifDateInTiff(payload + 6, payloadSize - 6);
        pos += 2 + length;
    }
    return std::nullopt;
}

}  // namespace clipdesk
