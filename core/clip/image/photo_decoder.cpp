#include "clip/image/photo_decoder.h"

#include "clip/image/opencv_image_decoder.h"
#include "image/camera_raw_decoding.h"
#include "image/encoded_image_file.h"
#include "image/heif_decoding.h"
#include "image/image_probe.h"

#include <set>
#include <vector>

namespace clipdesk {
namespace {

std::string lowerExtension(const std::string& fileName) {
    const auto dot = fileName.rfind('.');
    const auto slash = fileName.rfind('/');
    if (dot == std::string::npos || dot == 0 || (slash != std::string::npos && dot < slash + 2)) return {};
    std::string extension = fileName.substr(dot + 1);
    for (char& c : extension)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return extension;
}

const std::set<std::string>& cameraRawExtensions() {
    static const std::set<std::string> extensions = {"cr2", "cr3", "crw", "nef", "nrw", "arw", "srf",
                                                     "sr2", "dng", "raf", "orf", "rw2", "pef", "srw",
                                                     "3fr", "iiq", "erf", "kdc", "mrw", "x3f"};
    return extensions;
}

}  // namespace

bool isCameraRawFileName(const std::string& fileName) {
    return cameraRawExtensions().count(lowerExtension(fileName)) > 0;
}

bool isPhotoFileName(const std::string& fileName) {
    static const std::set<std::string> extensions = {"jpg", "jpeg", "png",  "webp", "bmp", "tif",
                                                     "tiff", "heic", "heif", "hif", "avif"};
    const std::string extension = lowerExtension(fileName);
    return extensions.count(extension) > 0 || cameraRawExtensions().count(extension) > 0;
}

PhotoDecoder::PhotoDecoder() : opencv_(makeOpenCvImageDecoder()) {}
PhotoDecoder::~PhotoDecoder() = default;

DecodedImage PhotoDecoder::decodeFile(const std::string& path, const DecodeOptions& options) const {
    const std::vector<std::uint8_t> bytes = readEncodedImageFile(path);
    return decodeMemory(bytes.data(), bytes.size(), path, options);
}

DecodedImage PhotoDecoder::decodeMemory(const std::uint8_t* data, std::size_t size, const std::string& name,
                                        const DecodeOptions& options) const {
    if (size == 0 || data == nullptr) throw ImageDecodeError(name, "empty file (0 bytes)");
    const ImageFormat format = probeImage(data, size).format;
    if (format == ImageFormat::Heif || format == ImageFormat::Avif) return decodeHeif(data, size, name, options);
    if (format == ImageFormat::CameraRaw ||
        ((format == ImageFormat::Tiff || format == ImageFormat::Unknown) && isCameraRawFileName(name)))
        return decodeCameraRaw(data, size, name, options, *opencv_);
    return opencv_->decodeMemory(data, size, name, options);
}

std::unique_ptr<ImageDecoder> makePhotoDecoder() { return std::make_unique<PhotoDecoder>(); }

}  // namespace clipdesk
