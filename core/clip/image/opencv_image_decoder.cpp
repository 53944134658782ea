#include "clip/image/opencv_image_decoder.h"

#include "image/cmyk_jpeg_decoding.h"
#include "image/decode_limits.h"
#include "image/encoded_image_file.h"
#include "image/image_probe.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <new>
#include <vector>

namespace clipdesk {
namespace {

// imdecode takes the encoded bytes as one cv::Mat row, whose length is an int.
constexpr std::size_t kMaxFileBytes = kMaxEncodedImageBytes;

// JPEG DCT scaling: the largest of 1/8, 1/4, 1/2 that keeps both sides >= minShortSide.
int jpegReduction(const ImageProbe& probe, int minShortSide) {
    if (minShortSide <= 0) return 1;
    for (int factor : {8, 4, 2}) {
        const int w = (probe.width + factor - 1) / factor;  // libjpeg rounds scaled sizes up
        const int h = (probe.height + factor - 1) / factor;
        if (w >= minShortSide && h >= minShortSide) return factor;
    }
    return 1;
}

// JPEG and WebP: orientation is applied here from our own EXIF parse (OpenCV 4.6 ignores
// WebP's, and a reduced JPEG needs it to report the full oriented size). PNG eXIf and TIFF
// orientation are left to OpenCV, which applies them. IMREAD_ANYDEPTH keeps 16-bit samples so
// that they can be scaled (IMREAD_COLOR alone truncates them).
int decodeFlags(ImageFormat format, int reduction) {
    if (format != ImageFormat::Jpeg && format != ImageFormat::WebP) return cv::IMREAD_COLOR | cv::IMREAD_ANYDEPTH;
    const int flags = cv::IMREAD_IGNORE_ORIENTATION;
    switch (reduction) {
        case 8: return flags | cv::IMREAD_REDUCED_COLOR_8;
        case 4: return flags | cv::IMREAD_REDUCED_COLOR_4;
        case 2: return flags | cv::IMREAD_REDUCED_COLOR_2;
        default: return flags | cv::IMREAD_COLOR;
    }
}

cv::Mat applyExifOrientation(const cv::Mat& image, int orientation) {
    cv::Mat out;
    switch (orientation) {
        case 2: cv::flip(image, out, 1); break;
        case 3: cv::rotate(image, out, cv::ROTATE_180); break;
        case 4: cv::flip(image, out, 0); break;
        case 5: cv::transpose(image, out); break;
        case 6: cv::rotate(image, out, cv::ROTATE_90_CLOCKWISE); break;
        case 7:
            cv::transpose(image, out);
            cv::flip(out, out, -1);
            break;
        case 8: cv::rotate(image, out, cv::ROTATE_90_COUNTERCLOCKWISE); break;
        default: return image;
    }
    return out;
}

// Any depth and 1/3/4 channels (BGR order) -> 8-bit RGB. Empty for other channel counts.
cv::Mat toRgb8(const cv::Mat& decoded) {
    cv::Mat eightBit;
    switch (decoded.depth()) {
        case CV_8U: eightBit = decoded; break;
        case CV_16U: decoded.convertTo(eightBit, CV_8U, 1.0 / 257.0); break;  // rounds; 65535 -> 255
        case CV_32F:
        case CV_64F: decoded.convertTo(eightBit, CV_8U, 255.0); break;  // [0, 1] -> [0, 255], saturated
        default: decoded.convertTo(eightBit, CV_8U); break;
    }
    cv::Mat rgb;
    switch (eightBit.channels()) {
        case 1: cv::cvtColor(eightBit, rgb, cv::COLOR_GRAY2RGB); break;
        case 3: cv::cvtColor(eightBit, rgb, cv::COLOR_BGR2RGB); break;
        case 4: cv::cvtColor(eightBit, rgb, cv::COLOR_BGRA2RGB); break;
        default: break;
    }
    return rgb;
}

RgbImage toRgbImage(const cv::Mat& rgb) {
    RgbImage image(rgb.cols, rgb.rows);
    const std::size_t rowBytes = static_cast<std::size_t>(rgb.cols) * 3;
    for (int y = 0; y < rgb.rows; ++y) std::memcpy(image.row(y), rgb.ptr<std::uint8_t>(y), rowBytes);
    return image;
}

// OpenCV's check messages span several lines; error reasons are one line.
std::string oneLine(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

DecodedImage OpenCvImageDecoder::decodeFile(const std::string& path, const DecodeOptions& options) const {
    const std::vector<std::uint8_t> bytes = readEncodedImageFile(path);
    return decodeMemory(bytes.data(), bytes.size(), path, options);
}

DecodedImage OpenCvImageDecoder::decodeMemory(const std::uint8_t* data, std::size_t size, const std::string& name,
                                              const DecodeOptions& options) const {
    if (size == 0 || data == nullptr) throw ImageDecodeError(name, "empty file (0 bytes)");
    if (size > kMaxFileBytes) throw ImageDecodeError(name, "file too large to be decoded as an image");

    const ImageProbe probe = probeImage(data, size);
    const std::string format = imageFormatName(probe.format);
    if (probe.format == ImageFormat::Gif || probe.format == ImageFormat::Heif || probe.format == ImageFormat::Avif ||
        probe.format == ImageFormat::CameraRaw)
        throw ImageDecodeError(name, "unsupported image format (" + format + ")");
    if (!probe.defect.empty()) throw ImageDecodeError(name, probe.defect);
    checkPixelLimit(name, probe.width, probe.height, options);

    const int reduction = probe.format == ImageFormat::Jpeg ? jpegReduction(probe, options.minShortSide) : 1;
    const int flags = decodeFlags(probe.format, reduction);
    cv::Mat decoded;
    try {
        const cv::Mat encoded(1, static_cast<int>(size), CV_8UC1, const_cast<std::uint8_t*>(data));
        decoded = probe.format == ImageFormat::Jpeg && probe.components == 4
                      ? decodeCmykJpegToBgr(data, size, name, reduction)
                      : cv::imdecode(encoded, flags);
    } catch (const cv::Exception& e) {
        throw ImageDecodeError(name, "OpenCV rejected the " + format + " data: " + oneLine(e.err));
    } catch (const std::bad_alloc&) {
        throw ImageDecodeError(
            name, "out of memory while decoding " + describeSize(probe.width, probe.height) + " " + format + " image");
    }
    if (decoded.empty()) {
        if (probe.format == ImageFormat::Unknown)
            throw ImageDecodeError(name, "not an image, or an unsupported format");
        throw ImageDecodeError(name, "corrupt, truncated or unsupported " + format + " data");
    }

    // Formats whose header is not read here are held to the same limit, if only afterwards.
    if (probe.width == 0) checkPixelLimit(name, decoded.cols, decoded.rows, options);

    cv::Mat rgb = toRgb8(decoded);
    if (rgb.empty())
        throw ImageDecodeError(
            name, "unsupported " + format + " layout (" + std::to_string(decoded.channels()) + " channels)");
    if (flags & cv::IMREAD_IGNORE_ORIENTATION) rgb = applyExifOrientation(rgb, probe.orientation);

    DecodedImage out;
    out.image = toRgbImage(rgb);
    out.sourceWidth = out.image.width;
    out.sourceHeight = out.image.height;
    if (reduction > 1) {
        const bool swapped = probe.orientation >= 5;
        out.sourceWidth = swapped ? probe.height : probe.width;
        out.sourceHeight = swapped ? probe.width : probe.height;
    }
    return out;
}

std::unique_ptr<ImageDecoder> makeOpenCvImageDecoder() { return std::make_unique<OpenCvImageDecoder>(); }

}  // namespace clipdesk
