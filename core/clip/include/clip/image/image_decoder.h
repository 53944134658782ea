#pragma once

#include "base/path_error.h"
#include "clip/image/rgb_image.h"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace clipdesk {

// A file that is not a decodable image, or is too large, or unreadable.
// what() is one line: "<path>: <reason>".
class ImageDecodeError : public PathError {
public:
    using PathError::PathError;
};

struct DecodeOptions {
    // When > 0 the decoder may decode at a reduced size (JPEG DCT scaling 1/2, 1/4, 1/8)
    // as long as both sides stay >= this many pixels. 0 = always full size (exact parity).
    int minShortSide = 0;
    // Refuse images with more pixels than this before allocating them (decompression bombs).
    std::int64_t maxPixels = 250'000'000;
};

struct DecodedImage {
    RgbImage image;          // EXIF orientation applied, 8-bit RGB
    int sourceWidth = 0;     // full-size dimensions after orientation, even if decoded reduced
    int sourceHeight = 0;
};

// Turns an encoded image into 8-bit RGB. Implementations live outside the model code so
// the model and training loop build with LibTorch alone.
class ImageDecoder {
public:
    virtual ~ImageDecoder() = default;
    virtual DecodedImage decodeFile(const std::string& path, const DecodeOptions& options = {}) const = 0;
    virtual DecodedImage decodeMemory(const std::uint8_t* data, std::size_t size, const std::string& nameForErrors,
                                      const DecodeOptions& options = {}) const = 0;
};

}  // namespace clipdesk
