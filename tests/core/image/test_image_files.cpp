#include "test_image_files.h"

#include <zlib.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace clipdesk::test {
namespace {

void putBe32(Bytes& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

void putChunk(Bytes& png, const char* type, const Bytes& data) {
    putBe32(png, static_cast<std::uint32_t>(data.size()));
    Bytes typed(type, type + 4);
    typed.insert(typed.end(), data.begin(), data.end());
    png.insert(png.end(), typed.begin(), typed.end());
    putBe32(png, static_cast<std::uint32_t>(crc32(0, typed.data(), static_cast<uInt>(typed.size()))));
}

Bytes pngSignature() { return {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}; }

Bytes ihdr(std::uint32_t width, std::uint32_t height, std::uint8_t colourType) {
    Bytes data;
    putBe32(data, width);
    putBe32(data, height);
    data.insert(data.end(), {8, colourType, 0, 0, 0});  // bit depth, colour type, deflate, filter, no interlace
    return data;
}

}  // namespace

RgbImage patternImage(int width, int height) {
    RgbImage image(width, height);
    std::uint8_t* p = image.pixels.data();
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c) *p++ = static_cast<std::uint8_t>(((x * 37 + y * 91 + c * 53) ^ (x * y)) & 255);
    return image;
}

std::uint64_t fnv1a64(const std::vector<std::uint8_t>& bytes) {
    std::uint64_t hash = 0xcbf29ce484222325ull;
    for (std::uint8_t b : bytes) {
        hash ^= b;
        hash *= 0x100000001b3ull;
    }
    return hash;
}

Bytes encodePalettePng(int width, int height, const std::vector<std::array<std::uint8_t, 3>>& palette,
                       const std::vector<std::uint8_t>& indices, bool withTransparency) {
    Bytes png = pngSignature();
    putChunk(png, "IHDR", ihdr(width, height, 3));
    Bytes plte;
    for (const auto& rgb : palette) plte.insert(plte.end(), rgb.begin(), rgb.end());
    putChunk(png, "PLTE", plte);
    if (withTransparency) putChunk(png, "tRNS", Bytes{0});
    Bytes raw;
    for (int y = 0; y < height; ++y) {
        raw.push_back(0);  // filter: none
        raw.insert(raw.end(), indices.begin() + y * width, indices.begin() + (y + 1) * width);
    }
    uLongf packedSize = compressBound(static_cast<uLong>(raw.size()));
    Bytes packed(packedSize);
    if (compress(packed.data(), &packedSize, raw.data(), static_cast<uLong>(raw.size())) != Z_OK)
        throw std::runtime_error("zlib compress failed");
    packed.resize(packedSize);
    putChunk(png, "IDAT", packed);
    putChunk(png, "IEND", {});
    return png;
}

Bytes pngHeaderOnly(std::uint32_t width, std::uint32_t height) {
    Bytes png = pngSignature();
    putChunk(png, "IHDR", ihdr(width, height, 2));
    putChunk(png, "IDAT", Bytes(64, 0x55));
    return png;
}

Bytes exifOrientationBlock(int orientation, bool bigEndian) {
    auto put16 = [bigEndian](Bytes& out, std::uint16_t v) {
        if (bigEndian)
            out.insert(out.end(), {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)});
        else
            out.insert(out.end(), {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8)});
    };
    auto put32 = [&put16, bigEndian](Bytes& out, std::uint32_t v) {
        put16(out, static_cast<std::uint16_t>(bigEndian ? v >> 16 : v));
        put16(out, static_cast<std::uint16_t>(bigEndian ? v : v >> 16));
    };
    Bytes tiff = bigEndian ? Bytes{'M', 'M'} : Bytes{'I', 'I'};
    put16(tiff, 42);
    put32(tiff, 8);  // IFD0 right after the header
    put16(tiff, 1);  // one entry
    put16(tiff, 0x0112);
    put16(tiff, 3);  // SHORT
    put32(tiff, 1);
    put16(tiff, static_cast<std::uint16_t>(orientation));
    put16(tiff, 0);
    put32(tiff, 0);  // no next IFD
    return tiff;
}

Bytes withExifOrientation(const Bytes& jpeg, int orientation, bool bigEndian) {
    const Bytes tiff = exifOrientationBlock(orientation, bigEndian);
    const std::size_t length = 2 + 6 + tiff.size();
    Bytes out = {
        0xFF, 0xD8, 0xFF, 0xE1, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length), 'E', 'x',
        'i',  'f',  0,    0};
    out.reserve(out.size() + tiff.size() + jpeg.size());
    out.insert(out.end(), tiff.begin(), tiff.end());
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());  // after the original SOI
    return out;
}

Bytes pngWithExifOrientation(const Bytes& png, int orientation) {
    constexpr std::size_t kAfterIhdr = 8 + 8 + 13 + 4;
    Bytes out(png.begin(), png.begin() + kAfterIhdr);
    putChunk(out, "eXIf", exifOrientationBlock(orientation, false));
    out.insert(out.end(), png.begin() + kAfterIhdr, png.end());
    return out;
}

Bytes webpWithExifOrientation(const Bytes& simpleWebp, int width, int height, int orientation) {
    auto putLe = [](Bytes& out, std::uint32_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    };
    Bytes body = {'W', 'E', 'B', 'P', 'V', 'P', '8', 'X'};
    putLe(body, 10, 4);
    body.insert(body.end(), {0x08, 0, 0, 0});  // flags: EXIF present
    putLe(body, static_cast<std::uint32_t>(width - 1), 3);
    putLe(body, static_cast<std::uint32_t>(height - 1), 3);
    body.insert(body.end(), simpleWebp.begin() + 12, simpleWebp.end());  // the VP8/VP8L chunk
    if (body.size() % 2) body.push_back(0);
    const Bytes exif = exifOrientationBlock(orientation, false);
    body.insert(body.end(), {'E', 'X', 'I', 'F'});
    putLe(body, static_cast<std::uint32_t>(exif.size()), 4);
    body.insert(body.end(), exif.begin(), exif.end());
    Bytes out = {'R', 'I', 'F', 'F'};
    putLe(out, static_cast<std::uint32_t>(body.size()), 4);
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

const Bytes& cmykJpeg16() {
    static const Bytes bytes = {
        0xff, 0xd8, 0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xff, 0xdb, 0x00, 0x43, 0x00, 0x02, 0x01, 0x01, 0x01, 0x01, 0x01, 0x02, 0x01, 0x01, 0x01, 0x02, 0x02, 0x02,
        0x02, 0x02, 0x04, 0x03, 0x02, 0x02, 0x02, 0x02, 0x05, 0x04, 0x04, 0x03, 0x04, 0x06, 0x05, 0x06, 0x06, 0x06,
        0x05, 0x06, 0x06, 0x06, 0x07, 0x09, 0x08, 0x06, 0x07, 0x09, 0x07, 0x06, 0x06, 0x08, 0x0b, 0x08, 0x09, 0x0a,
        0x0a, 0x0a, 0x0a, 0x0a, 0x06, 0x08, 0x0b, 0x0c, 0x0b, 0x0a, 0x0c, 0x09, 0x0a, 0x0a, 0x0a, 0xff, 0xc0, 0x00,
        0x14, 0x08, 0x00, 0x10, 0x00, 0x10, 0x04, 0x43, 0x11, 0x00, 0x4d, 0x11, 0x00, 0x59, 0x11, 0x00, 0x4b, 0x11,
        0x00, 0xff, 0xc4, 0x00, 0x1f, 0x00, 0x00, 0x01, 0x05, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0xff, 0xc4,
        0x00, 0xb5, 0x10, 0x00, 0x02, 0x01, 0x03, 0x03, 0x02, 0x04, 0x03, 0x05, 0x05, 0x04, 0x04, 0x00, 0x00, 0x01,
        0x7d, 0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22,
        0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62,
        0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36,
        0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58,
        0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a,
        0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2,
        0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2,
        0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1,
        0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9,
        0xfa, 0xff, 0xda, 0x00, 0x0e, 0x04, 0x43, 0x00, 0x4d, 0x00, 0x59, 0x00, 0x4b, 0x00, 0x00, 0x3f, 0x00, 0xfd,
        0x70, 0xaf, 0xc7, 0x7a, 0xfc, 0x77, 0xaf, 0xdf, 0xca, 0xfe, 0x41, 0xeb, 0xfa, 0xa8, 0xae, 0xa2, 0x8a, 0xea,
        0x2b, 0xf9, 0xcf, 0xaf, 0xea, 0xa2, 0x8a, 0xfe, 0xc8, 0x2b, 0xfa, 0xa8, 0xae, 0xa2, 0x8a, 0xff, 0xd9};
    return bytes;
}

void writeFile(const std::string& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path);
}

Bytes readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace clipdesk::test
