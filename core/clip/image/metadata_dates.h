#pragma once
// The container-specific readers behind readPhotoDateTaken.

#include "clip/image/photo_date_taken.h"

namespace clipdesk {

// The primary image's Exif block (libheif).
std::optional<PhotoDateTaken> heifDateTaken(const std::uint8_t* data, std::size_t size);
// LibRaw's capture time, for RAW containers that are not TIFF-structured (CR3, RAF, ...).
std::optional<PhotoDateTaken> cameraRawDateTaken(const std::uint8_t* data, std::size_t size);

}  // namespace clipdesk
