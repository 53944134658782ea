#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace clipdesk {

// Value of a SHORT or LONG tag with one value in the first IFD of a TIFF-structured block
// (a TIFF file, or the payload of a JPEG's EXIF segment after "Exif\0\0"). Empty when the
// block is malformed or the tag is absent. Reads nothing outside [data, data + size).
std::optional<std::uint32_t> readFirstIfdTag(const std::uint8_t* data, std::size_t size, std::uint16_t tag);

constexpr std::uint16_t kTiffTagImageWidth = 256;
constexpr std::uint16_t kTiffTagImageLength = 257;
constexpr std::uint16_t kTiffTagOrientation = 274;

}  // namespace clipdesk
