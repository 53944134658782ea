#pragma once
// Camera RAW files (CR2, CR3, NEF, ARW, DNG, RAF, ORF, RW2 and the rest LibRaw knows)
// through LibRaw.

#include "clip/image/image_decoder.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace clipdesk {

// The camera's embedded JPEG preview when it is large enough — both sides at least
// options.minShortSide, or the sensor's full size when options.minShortSide is 0 — decoded
// by `jpegDecoder` (fast: no demosaicing); otherwise LibRaw's own rendering (camera white
// balance, sRGB, 8 bits; half size when that still meets minShortSide). Either way the
// camera's orientation is applied. The pixel limit is checked on the sensor size first.
DecodedImage decodeCameraRaw(const std::uint8_t* data, std::size_t size, const std::string& name,
                             const DecodeOptions& options, const ImageDecoder& jpegDecoder);

}  // namespace clipdesk
