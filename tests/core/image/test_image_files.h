#pragma once
// Builds test images in memory: deterministic pixel patterns and the few encodings that
// OpenCV cannot write (palette PNG, EXIF orientation, CMYK JPEG).

#include "clip/image/rgb_image.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace clipdesk::test {

using Bytes = std::vector<std::uint8_t>;

// Pixel (x, y) channel c = ((x*37 + y*91 + c*53) XOR (x*y)) & 255: hard edges and texture.
RgbImage patternImage(int width, int height);

std::uint64_t fnv1a64(const std::vector<std::uint8_t>& bytes);

// An 8-bit palette PNG (colour type 3); with a tRNS chunk making entry 0 fully transparent.
Bytes encodePalettePng(int width, int height, const std::vector<std::array<std::uint8_t, 3>>& palette,
                       const std::vector<std::uint8_t>& indices, bool withTransparency);

// A PNG header whose IHDR claims width x height, followed by a little junk (no pixel data).
Bytes pngHeaderOnly(std::uint32_t width, std::uint32_t height);

// A TIFF-structured EXIF block holding only the Orientation tag.
Bytes exifOrientationBlock(int orientation, bool bigEndian);
// `jpeg` with an APP1 EXIF segment holding only the Orientation tag inserted after SOI.
Bytes withExifOrientation(const Bytes& jpeg, int orientation, bool bigEndian = false);
// `png` with an eXIf chunk (Orientation only) right after IHDR.
Bytes pngWithExifOrientation(const Bytes& png, int orientation);
// A simple (VP8/VP8L) WebP rewrapped as extended (VP8X) with an EXIF chunk.
Bytes webpWithExifOrientation(const Bytes& simpleWebp, int width, int height, int orientation);

// A 16x16 CMYK JPEG (Adobe, inverted) written by Pillow 9.4 from an RGB image with four 8x8
// blocks: (220,30,30) (30,200,40) / (40,60,210) (240,230,220); Pillow decodes it back exactly.
const Bytes& cmykJpeg16();

void writeFile(const std::string& path, const Bytes& bytes);
Bytes readFile(const std::string& path);

}  // namespace clipdesk::test
