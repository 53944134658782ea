#pragma once
// The decoder for everything a photo library holds: the formats OpenCV reads, HEIF/HEIC and
// AVIF (libheif), and camera RAW files (LibRaw).

#include "clip/image/image_decoder.h"

#include <memory>
#include <string>

namespace clipdesk {

// File names (by extension, any letter case) of the formats PhotoDecoder reads: jpg, jpeg, png,
// webp, bmp, tif, tiff, heic, heif, hif, avif and the camera RAW extensions.
bool isPhotoFileName(const std::string& fileName);

// cr2, cr3, crw, nef, nrw, arw, srf, sr2, dng, raf, orf, rw2, pef, srw, 3fr, iiq, erf, kdc,
// mrw, x3f in any letter case.
bool isCameraRawFileName(const std::string& fileName);

// Chooses by content: the HEIF/AVIF signatures go to libheif; CR2, CR3, RAF, ORF and RW2
// signatures, and TIFF-structured or unrecognised files with a camera RAW name (DNG, NEF,
// ARW, ...), go to LibRaw; the rest to OpenCV. Thread-safe.
class PhotoDecoder final : public ImageDecoder {
public:
    PhotoDecoder();
    ~PhotoDecoder() override;
    DecodedImage decodeFile(const std::string& path, const DecodeOptions& options = {}) const override;
    DecodedImage decodeMemory(const std::uint8_t* data, std::size_t size, const std::string& nameForErrors,
                              const DecodeOptions& options = {}) const override;

private:
    std::unique_ptr<ImageDecoder> opencv_;
};

std::unique_ptr<ImageDecoder> makePhotoDecoder();

}  // namespace clipdesk
