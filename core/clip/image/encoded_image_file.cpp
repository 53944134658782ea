#include "image/encoded_image_file.h"

#include "base/read_file.h"
#include "clip/image/image_decoder.h"

namespace clipdesk {

std::vector<std::uint8_t> readEncodedImageFile(const std::string& path) {
    try {
        RegularFile file(path);
        if (file.size() > kMaxEncodedImageBytes) throw ImageDecodeError(path, "file too large to be decoded as an image");
        constexpr std::size_t kChunk = std::size_t{1} << 20;
        std::vector<std::uint8_t> bytes;
        bytes.reserve(static_cast<std::size_t>(file.size()) + kChunk);
        // Read to the end rather than trusting the size: the file may grow while it is read.
        for (;;) {
            const std::size_t old = bytes.size();
            bytes.resize(old + kChunk);
            const std::size_t got = file.read(bytes.data() + old, kChunk);
            bytes.resize(old + got);
            if (bytes.size() > kMaxEncodedImageBytes)
                throw ImageDecodeError(path, "file too large to be decoded as an image");
            if (got == 0) return bytes;
        }
    } catch (const FileReadError& e) {
        throw ImageDecodeError(path, e.reason());
    }
}

}  // namespace clipdesk
