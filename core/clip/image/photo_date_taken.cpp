#include "clip/image/photo_date_taken.h"

#include "image/exif_date.h"
#include "image/image_probe.h"
#include "image/metadata_dates.h"

namespace clipdesk {

std::optional<PhotoDateTaken> readPhotoDateTaken(const std::uint8_t* data, std::size_t size) {
    if (data == nullptr || size < 8) return std::nullopt;
    switch (probeImage(data, size).format) {
    case ImageFormat::Jpeg:
        return exifDateInJpeg(data, size);
    case ImageFormat::Heif:
    case ImageFormat::Avif:
        return heifDateTaken(data, size);
    case ImageFormat::Tiff:  // also DNG, NEF, ARW, CR2 and the other TIFF-based RAW files
        return exifDateInTiff(data, size);
    case ImageFormat::CameraRaw:
        // ORF and RW2 are TIFF-structured under their own magic numbers; CR3, RAF are not.
        if (auto date = exifDateInTiff(data, size)) return date;
        return cameraRawDateTaken(data, size);
    default:
        return std::nullopt;
    }
}

}  // namespace clipdesk
