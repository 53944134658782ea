#pragma once
// The date in EXIF data: DateTimeOriginal (tag 0x9003 in the Exif sub-IFD, or in IFD0 as
// TIFF/EP writes it), else DateTime (0x0132 in IFD0), with OffsetTimeOriginal (0x9011) or
// OffsetTime (0x9010) when present.

#include "clip/image/photo_date_taken.h"

namespace clipdesk {

// From a JPEG's APP1 "Exif" segment.
std::optional<PhotoDateTaken> exifDateInJpeg(const std::uint8_t* data, std::size_t size);
// From a TIFF-structured block: a TIFF or TIFF-based RAW file, or an Exif payload after
// "Exif\0\0". The header's byte order is read; its magic number is not checked (ORF and RW2
// use their own).
std::optional<PhotoDateTaken> exifDateInTiff(const std::uint8_t* data, std::size_t size);
// "YYYY:MM:DD HH:MM:SS" as EXIF writes it → "YYYY-MM-DD HH:MM:SS"; nullopt when implausible.
std::optional<std::string> isoDateFromExif(const std::string& exif);

}  // namespace clipdesk
