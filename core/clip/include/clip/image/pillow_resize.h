#pragma once

#include "clip/image/rgb_image.h"

namespace clipdesk {

// A rectangle of output pixels: columns [left, left + width), rows [top, top + height).
struct PixelRect {
    int left = 0;
    int top = 0;
    int width = 0;
    int height = 0;
};

// Bicubic resize with exactly Pillow's semantics (Image.resize(size, BICUBIC), Pillow's
// ImagingResample): antialiased when downscaling, horizontal pass then vertical pass,
// 8-bit intermediate, 22-bit fixed-point coefficients. The output is byte-identical to Pillow.
// Throws std::invalid_argument when a size is not positive.
RgbImage resizeBicubicPillow(const RgbImage& src, int outW, int outH);

// The pixels inside `region` of resizeBicubicPillow(src, outW, outH), computed without the
// rest (every output pixel depends only on its own row and column coefficients, so this is
// byte-identical to resizing and then cropping). `region` must lie inside outW x outH.
RgbImage resizeBicubicPillowRegion(const RgbImage& src, int outW, int outH, const PixelRect& region);

}  // namespace clipdesk
