#include "image/decode_limits.h"

namespace clipdesk {

std::string describeSize(std::int64_t width, std::int64_t height) {
    return std::to_string(width) + "x" + std::to_string(height);
}

void checkPixelLimit(const std::string& name, std::int64_t width, std::int64_t height, const DecodeOptions& options) {
    const std::int64_t pixels = width * height;
    if (options.maxPixels > 0 && pixels > options.maxPixels)
        throw ImageDecodeError(name, "image too large (" + describeSize(width, height) + " = " +
                                         std::to_string(pixels) + " pixels; the limit is " +
                                         std::to_string(options.maxPixels) + ")");
}

}  // namespace clipdesk
