#pragma once
// Checks every decoder makes before it allocates pixels.

#include "clip/image/image_decoder.h"

#include <cstdint>
#include <string>

namespace clipdesk {

// "4000x3000"
std::string describeSize(std::int64_t width, std::int64_t height);

// Throws ImageDecodeError naming `name`, the size and the limit when width x height exceeds
// options.maxPixels.
void checkPixelLimit(const std::string& name, std::int64_t width, std::int64_t height, const DecodeOptions& options);

}  // namespace clipdesk
