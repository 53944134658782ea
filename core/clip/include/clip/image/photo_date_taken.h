#pragma once
// When a photo was taken, from the file's own metadata: EXIF DateTimeOriginal (else DateTime)
// with its OffsetTimeOriginal (else OffsetTime) in a JPEG, TIFF or TIFF-structured camera RAW
// file, the Exif block of a HEIF/AVIF file, and LibRaw's capture time for the other RAW
// containers (CR3, RAF, ...).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace clipdesk {

struct PhotoDateTaken {
    std::string local;   // "YYYY-MM-DD HH:MM:SS" on the camera's clock
    std::string offset;  // its UTC offset, "+02:00"; empty when the file does not say
};

// nullopt when the file records no plausible date (cameras without a clock write zeros).
// Reads nothing outside [data, data + size); never throws for malformed metadata.
std::optional<PhotoDateTaken> readPhotoDateTaken(const std::uint8_t* data, std::size_t size);

}  // namespace clipdesk
