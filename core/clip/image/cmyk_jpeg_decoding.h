#pragma once
// Four-component (CMYK and YCCK) JPEGs converted to RGB exactly as Pillow does, the reference
// CLIP pipeline: Adobe's inverted polarity assumed, then R = (255 - K) - (255 - K) * C / 255
// rounded as Pillow's MULDIV255 (OpenCV's own conversion divides by 256 instead: up to one
// level brighter per channel).

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace clipdesk {

// BGR, 8-bit, at 1/`reduction` of the stored size (libjpeg DCT scaling; 1, 2, 4 or 8).
// Throws ImageDecodeError naming `name` for data libjpeg refuses.
cv::Mat decodeCmykJpegToBgr(const std::uint8_t* data, std::size_t size, const std::string& name, int reduction);

}  // namespace clipdesk
