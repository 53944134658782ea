#pragma once
// The date a photo was taken, from its EXIF data: DateTimeOriginal (tag 0x9003 in the Exif
// sub-IFD), else DateTime (0x0132 in IFD0). Read from a JPEG's APP1 "Exif" segment or from a
// TIFF file's own header.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace clipdesk {

// "YYYY-MM-DD HH:MM:SS", or nullopt when the file has no (plausible) date. Reads nothing
// outside [data, data + size).
std::optional<std::string> readExifDateTaken(const std::uint8_t* data, std::size_t size);

}  // namespace clipdesk
