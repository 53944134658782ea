#pragma once
// Phone and camera test files made at test time: HEIF/AVIF through libheif's own encoders and
// DNG files written here (TIFF structure, a CFA mosaic, optionally an embedded JPEG preview).

#include "clip/image/rgb_image.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace clipdesk::test {

// Left half red, right half blue; `width` x `height`.
RgbImage redLeftBlueRight(int width, int height);

struct HeifFileSpec {
    bool avif = false;
    int exifOrientation = 1;  // stored as HEIF's irot/imir transform
    int thumbnailSize = 0;    // > 0: also a thumbnail of at most this many pixels a side
    std::vector<std::uint8_t> exif;  // a TIFF-structured Exif block (exifDateBlock); none when empty
};

// A little-endian TIFF block whose Exif sub-IFD holds DateTimeOriginal ("YYYY:MM:DD HH:MM:SS")
// and, when not empty, OffsetTimeOriginal ("+02:00").
std::vector<std::uint8_t> exifDateBlock(const std::string& exifDate, const std::string& offset);

// The encoded file's bytes; empty if libheif has no encoder for the format.
std::vector<std::uint8_t> encodeHeif(const RgbImage& image, const HeifFileSpec& spec);

struct DngFileSpec {
    int width = 64;            // sensor size (even)
    int height = 48;
    int orientation = 1;       // TIFF orientation tag
    std::vector<std::uint8_t> previewJpeg;  // embedded preview; none when empty
    int previewWidth = 0;
    int previewHeight = 0;
    std::string dateTimeOriginal;    // in IFD0 as TIFF/EP writes it (and as DateTime); none when empty
    std::string offsetTimeOriginal;
};

// A DNG whose RGGB mosaic renders `red-left, blue-right` like redLeftBlueRight.
std::vector<std::uint8_t> writeDng(const DngFileSpec& spec);

// A 4-component JPEG (libjpeg, quality 100, no subsampling) of 16x16 flat blocks, one per
// CMYK colour, left to right, stored inverted as Adobe applications write them.
std::vector<std::uint8_t> encodeCmykJpeg(const std::vector<std::array<std::uint8_t, 4>>& blocks);

// A baseline JPEG of `image` (OpenCV), for previews.
std::vector<std::uint8_t> encodeJpeg(const RgbImage& image);

}  // namespace clipdesk::test
