#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace clipdesk {

// CameraRaw: the RAW formats recognisable by signature (CR2, CR3, RAF, ORF, RW2); DNG, NEF,
// ARW and others are TIFF files told apart by their name (isCameraRawFileName).
enum class ImageFormat { Unknown, Jpeg, Png, WebP, Bmp, Tiff, Pnm, Gif, Heif, Avif, CameraRaw };

// "JPEG", "PNG", ...; "unknown" for Unknown.
const char* imageFormatName(ImageFormat format);

// What the first bytes of an encoded image say, read without decoding any pixels.
struct ImageProbe {
    ImageFormat format = ImageFormat::Unknown;
    int width = 0;  // stored size from the header, before EXIF orientation; 0 = not read
    int height = 0;
    int orientation = 1;  // EXIF orientation 1..8 read for JPEG and WebP (1 elsewhere)
    int components = 0;   // JPEG: colour components of the frame (4: CMYK or YCCK); 0 = not read
    std::string defect;  // non-empty: the data is visibly truncated or corrupt (one line)
};

// Recognises the format by its signature and reads the stored size from the header (JPEG,
// PNG, WebP, BMP, TIFF, PNM). For JPEG it also walks the marker segments to the end-of-image
// marker, which finds truncated files that libjpeg would silently pad with grey.
ImageProbe probeImage(const std::uint8_t* data, std::size_t size);

}  // namespace clipdesk
