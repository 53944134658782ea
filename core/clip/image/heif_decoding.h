#pragma once
// HEIF (HEIC phone photos) and AVIF through libheif.

#include "clip/image/image_decoder.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace clipdesk {

// The primary image with its rotation and mirror properties applied, as 8-bit RGB (10/12-bit
// content is scaled down, alpha dropped). With options.minShortSide > 0 the smallest stored
// thumbnail whose sides are both at least that large is decoded instead, when there is one.
// The pixel limit is checked on the stored size before anything is decoded.
DecodedImage decodeHeif(const std::uint8_t* data, std::size_t size, const std::string& name,
                        const DecodeOptions& options);

}  // namespace clipdesk
