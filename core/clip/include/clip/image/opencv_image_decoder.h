#pragma once

#include "clip/image/image_decoder.h"

#include <memory>

namespace clipdesk {

// ImageDecoder on OpenCV's imgcodecs: JPEG (baseline, progressive, CMYK), PNG (palette,
// grey, 16-bit, alpha), WebP, BMP, TIFF, PNM and whatever else the OpenCV build reads.
// Output is 8-bit RGB: alpha is dropped (like Pillow's convert("RGB")), 16-bit samples
// become round(v / 257), grey is replicated, and the EXIF orientation of JPEG, WebP, PNG
// and TIFF files is applied. The header is checked (pixel limit; for JPEG also truncation)
// before any pixels are decoded. Thread-safe: decode from several threads at once.
class OpenCvImageDecoder final : public ImageDecoder {
public:
    DecodedImage decodeFile(const std::string& path, const DecodeOptions& options = {}) const override;
    DecodedImage decodeMemory(const std::uint8_t* data, std::size_t size, const std::string& nameForErrors,
                              const DecodeOptions& options = {}) const override;
};

std::unique_ptr<ImageDecoder> makeOpenCvImageDecoder();

}  // namespace clipdesk
