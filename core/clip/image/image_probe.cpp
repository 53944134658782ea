#include "image/image_probe.h"

#include "clip/image/tiff_tags.h"

#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <limits>

namespace clipdesk {
namespace {

std::uint32_t be16(const std::uint8_t* p) { return (p[0] << 8) | p[1]; }
std::uint32_t be32(const std::uint8_t* p) { return (std::uint32_t{p[0]} << 24) | (p[1] << 16) | (p[2] << 8) | p[3]; }
std::uint32_t le16(const std::uint8_t* p) { return p[0] | (p[1] << 8); }
std::uint32_t le24(const std::uint8_t* p) { return p[0] | (p[1] << 8) | (p[2] << 16); }
std::uint32_t le32(const std::uint8_t* p) { return le24(p) | (std::uint32_t{p[3]} << 24); }

bool startsWith(const std::uint8_t* data, std::size_t size, const char* magic, std::size_t offset = 0) {
    const std::size_t len = std::strlen(magic);
    return size >= offset + len && std::memcmp(data + offset, magic, len) == 0;
}

// Stores the size when both sides are in 1..INT_MAX; otherwise records a defect.
void setSize(ImageProbe& p, std::int64_t width, std::int64_t height) {
    constexpr std::int64_t kMax = std::numeric_limits<int>::max();
    if (width <= 0 || height <= 0 || width > kMax || height > kMax) {
        p.defect = std::string("corrupt ") + imageFormatName(p.format) + " header (image size " +
                   std::to_string(width) + "x" + std::to_string(height) + ")";
        return;
    }
    p.width = static_cast<int>(width);
    p.height = static_cast<int>(height);
}

void truncated(ImageProbe& p) { p.defect = std::string("truncated ") + imageFormatName(p.format) + " data"; }

// EXIF orientation 1..8 from a TIFF-structured block; 1 when absent or invalid.
int exifOrientation(const std::uint8_t* tiff, std::size_t size) {
    const auto orientation = readFirstIfdTag(tiff, size, kTiffTagOrientation);
    return orientation && *orientation >= 1 && *orientation <= 8 ? static_cast<int>(*orientation) : 1;
}

bool isStartOfFrame(std::uint8_t marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// Walks the marker segments (and the entropy-coded data after each start-of-scan) up to the
// end-of-image marker, reading the frame size and the EXIF orientation on the way.
void probeJpeg(const std::uint8_t* d, std::size_t n, ImageProbe& p) {
    std::size_t pos = 2;
    bool haveFrame = false;
    bool haveExif = false;
    for (;;) {
        while (pos < n && d[pos] != 0xFF) ++pos;  // libjpeg also skips stray bytes before a marker
        while (pos < n && d[pos] == 0xFF) ++pos;  // fill bytes
        if (pos >= n) return truncated(p);
        const std::uint8_t marker = d[pos++];
        if (marker == 0xD9) break;  // end of image
        if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue;  // no payload
        if (n - pos < 2) return truncated(p);
        const std::size_t length = be16(d + pos);
        if (length < 2) {
            p.defect = "corrupt JPEG data (bad segment length)";
            return;
        }
        if (length > n - pos) return truncated(p);
        const std::uint8_t* payload = d + pos + 2;
        const std::size_t payloadSize = length - 2;
        if (isStartOfFrame(marker) && !haveFrame && payloadSize >= 5) {
            haveFrame = true;
            if (payloadSize >= 6) p.components = payload[5];
            setSize(p, be16(payload + 3), be16(payload + 1));
            if (!p.defect.empty()) return;
        } else if (marker == 0xE1 && !haveExif && payloadSize >= 6 && std::memcmp(payload, "Exif\0\0", 6) == 0) {
            haveExif = true;
            p.orientation = exifOrientation(payload + 6, payloadSize - 6);
        }
        pos += length;
        if (marker != 0xDA) continue;
        if (!haveFrame) break;
        // Entropy-coded data ends at the first 0xFF that is not stuffing (FF 00), a restart
        // marker (FF D0..D7) or a fill byte.
        for (;;) {
            const void* ff = pos < n ? std::memchr(d + pos, 0xFF, n - pos) : nullptr;
            if (!ff) return truncated(p);
            pos = static_cast<std::size_t>(static_cast<const std::uint8_t*>(ff) - d);
            if (pos + 1 >= n) return truncated(p);
            const std::uint8_t next = d[pos + 1];
            if (next == 0xFF)
                ++pos;
            else if (next == 0x00 || (next >= 0xD0 && next <= 0xD7))
                pos += 2;
            else
                break;
        }
    }
    if (!haveFrame) p.defect = "corrupt JPEG data (no frame header)";
}

void probePng(const std::uint8_t* d, std::size_t n, ImageProbe& p) {
    if (n < 24) return truncated(p);
    if (std::memcmp(d + 12, "IHDR", 4) != 0) {
        p.defect = "corrupt PNG data (no IHDR chunk)";
        return;
    }
    setSize(p, be32(d + 16), be32(d + 20));
}

// The EXIF chunk of an extended (VP8X) WebP: a TIFF block, sometimes after "Exif\0\0".
int webpExifOrientation(const std::uint8_t* d, std::size_t n) {
    std::size_t pos = 12;
    while (n - pos >= 8) {
        const std::size_t size = le32(d + pos + 4);
        if (size > n - pos - 8) break;
        if (std::memcmp(d + pos, "EXIF", 4) == 0) {
            const std::uint8_t* payload = d + pos + 8;
            const bool prefixed = size >= 6 && std::memcmp(payload, "Exif\0\0", 6) == 0;
            return prefixed ? exifOrientation(payload + 6, size - 6) : exifOrientation(payload, size);
        }
        pos += 8 + size + (size & 1);
        if (pos > n) break;
    }
    return 1;
}

void probeWebP(const std::uint8_t* d, std::size_t n, ImageProbe& p) {
    if (n < 30) return truncated(p);
    if (startsWith(d, n, "VP8 ", 12)) {
        if (d[23] != 0x9D || d[24] != 0x01 || d[25] != 0x2A) {
            p.defect = "corrupt WebP data (bad VP8 frame header)";
            return;
        }
        setSize(p, le16(d + 26) & 0x3FFF, le16(d + 28) & 0x3FFF);
    } else if (startsWith(d, n, "VP8L", 12)) {
        if (d[20] != 0x2F) {
            p.defect = "corrupt WebP data (bad VP8L signature)";
            return;
        }
        const std::uint32_t bits = le32(d + 21);
        setSize(p, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
    } else if (startsWith(d, n, "VP8X", 12)) {
        setSize(p, std::int64_t{le24(d + 24)} + 1, std::int64_t{le24(d + 27)} + 1);
        p.orientation = webpExifOrientation(d, n);
    }
}

void probeBmp(const std::uint8_t* d, std::size_t n, ImageProbe& p) {
    if (n < 26) return truncated(p);
    if (le32(d + 14) == 12) return setSize(p, le16(d + 18), le16(d + 20));  // OS/2 BITMAPCOREHEADER
    const auto width = static_cast<std::int32_t>(le32(d + 18));
    const auto height = static_cast<std::int32_t>(le32(d + 22));  // negative: rows stored top-down
    setSize(p, width, std::llabs(static_cast<long long>(height)));
}

void probeTiff(const std::uint8_t* d, std::size_t n, ImageProbe& p) {
    const auto width = readFirstIfdTag(d, n, kTiffTagImageWidth);
    const auto height = readFirstIfdTag(d, n, kTiffTagImageLength);
    if (width && height) setSize(p, *width, *height);  // otherwise (e.g. BigTIFF) left to the decoder
}

bool isPnmSpace(std::uint8_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// P1..P6: magic, then width and height as decimal text with whitespace and # comments.
void probePnm(const std::uint8_t* d, std::size_t n, ImageProbe& p) {
    std::size_t pos = 2;
    std::int64_t values[2] = {0, 0};
    for (std::int64_t& value : values) {
        for (;;) {
            while (pos < n && isPnmSpace(d[pos])) ++pos;
            if (pos < n && d[pos] == '#') {
                while (pos < n && d[pos] != '\n' && d[pos] != '\r') ++pos;
                continue;
            }
            break;
        }
        if (pos >= n) return truncated(p);
        if (d[pos] < '0' || d[pos] > '9') {
            p.defect = "corrupt PNM header";
            return;
        }
        while (pos < n && d[pos] >= '0' && d[pos] <= '9' && value <= std::numeric_limits<int>::max())
            value = value * 10 + (d[pos++] - '0');
    }
    setSize(p, values[0], values[1]);
}

// Classic TIFF (42) or BigTIFF (43), either byte order.
bool isTiff(const std::uint8_t* d, std::size_t n) {
    if (n < 4) return false;
    if (d[0] == 'I' && d[1] == 'I') return (d[2] == 42 || d[2] == 43) && d[3] == 0;
    if (d[0] == 'M' && d[1] == 'M') return d[2] == 0 && (d[3] == 42 || d[3] == 43);
    return false;
}

// ISO base media files (HEIF, AVIF, Canon CR3) start with an "ftyp" box naming a major brand.
bool hasBrand(const std::uint8_t* d, std::size_t n, std::initializer_list<const char*> brands) {
    if (n < 12 || !startsWith(d, n, "ftyp", 4)) return false;
    for (const char* brand : brands)
        if (std::memcmp(d + 8, brand, 4) == 0) return true;
    return false;
}

bool isHeif(const std::uint8_t* d, std::size_t n) {
    return hasBrand(d, n, {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"});
}

bool isAvif(const std::uint8_t* d, std::size_t n) { return hasBrand(d, n, {"avif", "avis"}); }

bool isSignedCameraRaw(const std::uint8_t* d, std::size_t n) {
    return hasBrand(d, n, {"crx "}) ||                                // Canon CR3
           startsWith(d, n, "FUJIFILMCCD-RAW") ||                    // Fujifilm RAF
           startsWith(d, n, "IIRO") || startsWith(d, n, "IIRS") ||  // Olympus ORF
           startsWith(d, n, "MMOR") ||
           (startsWith(d, n, "IIU") && n >= 4 && d[3] == 0) ||       // Panasonic RW2
           (isTiff(d, n) && startsWith(d, n, "CR", 8));              // Canon CR2
}

}  // namespace

const char* imageFormatName(ImageFormat format) {
    switch (format) {
        case ImageFormat::Jpeg: return "JPEG";
        case ImageFormat::Png: return "PNG";
        case ImageFormat::WebP: return "WebP";
        case ImageFormat::Bmp: return "BMP";
        case ImageFormat::Tiff: return "TIFF";
        case ImageFormat::Pnm: return "PNM";
        case ImageFormat::Gif: return "GIF";
        case ImageFormat::Heif: return "HEIF";
        case ImageFormat::Avif: return "AVIF";
        case ImageFormat::CameraRaw: return "camera RAW";
        case ImageFormat::Unknown: break;
    }
    return "unknown";
}

ImageProbe probeImage(const std::uint8_t* data, std::size_t size) {
    ImageProbe p;
    const std::uint8_t* d = data;
    const std::size_t n = size;
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
        p.format = ImageFormat::Jpeg;
        probeJpeg(d, n, p);
    } else if (startsWith(d, n, "\x89PNG\r\n\x1a\n")) {
        p.format = ImageFormat::Png;
        probePng(d, n, p);
    } else if (startsWith(d, n, "RIFF") && startsWith(d, n, "WEBP", 8)) {
        p.format = ImageFormat::WebP;
        probeWebP(d, n, p);
    } else if (startsWith(d, n, "BM")) {
        p.format = ImageFormat::Bmp;
        probeBmp(d, n, p);
    } else if (isSignedCameraRaw(d, n)) {
        p.format = ImageFormat::CameraRaw;
    } else if (isTiff(d, n)) {
        p.format = ImageFormat::Tiff;
        probeTiff(d, n, p);
    } else if (n >= 2 && d[0] == 'P' && d[1] >= '1' && d[1] <= '6') {
        p.format = ImageFormat::Pnm;
        probePnm(d, n, p);
    } else if (startsWith(d, n, "GIF87a") || startsWith(d, n, "GIF89a")) {
        p.format = ImageFormat::Gif;
    } else if (isHeif(d, n)) {
        p.format = ImageFormat::Heif;
    } else if (isAvif(d, n)) {
        p.format = ImageFormat::Avif;
    }
    return p;
}

}  // namespace clipdesk
