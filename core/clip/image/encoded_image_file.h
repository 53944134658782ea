#pragma once
// Reading an encoded image file whole, for any decoder.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace clipdesk {

// The largest encoded image read (OpenCV's imdecode takes the bytes as one int-sized row).
constexpr std::size_t kMaxEncodedImageBytes = std::numeric_limits<int>::max();

// The file's bytes; throws ImageDecodeError "<path>: <reason>" for a file that is missing,
// not a regular file, unreadable or larger than kMaxEncodedImageBytes.
std::vector<std::uint8_t> readEncodedImageFile(const std::string& path);

}  // namespace clipdesk
