#include "image/camera_raw_decoding.h"

#include "image/decode_limits.h"
#include "image/image_probe.h"

#include <libraw/libraw.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

namespace clipdesk {
namespace {

struct MemImageFree {
    void operator()(libraw_processed_image_t* image) const { LibRaw::dcraw_clear_mem(image); }
};
using MemImage = std::unique_ptr<libraw_processed_image_t, MemImageFree>;

std::string librawReason(const char* what, int code) { return std::string(what) + " (" + libraw_strerror(code) + ")"; }

// LibRaw's flip (bit 0 mirror left-right, bit 1 mirror top-bottom, bit 2 transpose first)
// as the EXIF orientation that means the same.
int exifOrientationOfFlip(int flip) {
    switch (flip & 7) {
        case 1: return 2;
        case 2: return 4;
        case 3: return 3;
        case 4: return 5;
        case 5: return 8;
        case 6: return 6;
        case 7: return 7;
        default: return 1;
    }
}

// `image` turned by EXIF orientation 2..8 (1: unchanged).
RgbImage oriented(const RgbImage& image, int orientation) {
    if (orientation <= 1 || orientation > 8) return image;
    const bool transpose = orientation >= 5;
    RgbImage out(transpose ? image.height : image.width, transpose ? image.width : image.height);
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            int sx = x, sy = y;  // source pixel of output (x, y)
            switch (orientation) {
                case 2: sx = image.width - 1 - x; break;
                case 3: sx = image.width - 1 - x; sy = image.height - 1 - y; break;
                case 4: sy = image.height - 1 - y; break;
                case 5: sx = y; sy = x; break;
                case 6: sx = y; sy = image.height - 1 - x; break;
                case 7: sx = image.width - 1 - y; sy = image.height - 1 - x; break;
                case 8: sx = image.width - 1 - y; sy = x; break;
                default: break;
            }
            std::memcpy(out.row(y) + 3 * x, image.row(sy) + 3 * sx, 3);
        }
    }
    return out;
}

bool previewIsEnough(const libraw_thumbnail_t& preview, int sensorWidth, int sensorHeight, int minShortSide) {
    if (preview.tformat != LIBRAW_THUMBNAIL_JPEG || preview.twidth == 0 || preview.theight == 0) return false;
    const int shortSide = std::min<int>(preview.twidth, preview.theight);
    if (minShortSide > 0) return shortSide >= minShortSide;
    // Full size asked for: a preview within a few pixels of the sensor's size will do.
    return shortSide + 64 >= std::min(sensorWidth, sensorHeight);
}

DecodedImage fromPreview(LibRaw& raw, const std::string& name, const DecodeOptions& options,
                         const ImageDecoder& jpegDecoder, int flip) {
    int code = LIBRAW_SUCCESS;
    MemImage jpeg(raw.dcraw_make_mem_thumb(&code));
    if (!jpeg || code != LIBRAW_SUCCESS || jpeg->type != LIBRAW_IMAGE_JPEG)
        throw ImageDecodeError(name, librawReason("unreadable embedded preview", code));
    DecodedImage out = jpegDecoder.decodeMemory(jpeg->data, jpeg->data_size, name + " (embedded preview)", options);
    // A preview's own EXIF orientation has been applied by the JPEG decoder; most carry none
    // and follow the RAW's.
    if (probeImage(jpeg->data, jpeg->data_size).orientation == 1) {
        const int orientation = exifOrientationOfFlip(flip);
        out.image = oriented(out.image, orientation);
        if (orientation >= 5) std::swap(out.sourceWidth, out.sourceHeight);
    }
    return out;
}

DecodedImage rendered(LibRaw& raw, const std::string& name, const DecodeOptions& options) {
    auto& params = raw.imgdata.params;
    params.output_bps = 8;
    params.use_camera_wb = 1;
    params.output_color = 1;  // sRGB
    const int shortSide = std::min<int>(raw.imgdata.sizes.width, raw.imgdata.sizes.height);
    params.half_size = options.minShortSide > 0 && shortSide / 2 >= options.minShortSide;
    int code = raw.unpack();
    if (code != LIBRAW_SUCCESS) throw ImageDecodeError(name, librawReason("corrupt or truncated RAW data", code));
    code = raw.dcraw_process();
    if (code != LIBRAW_SUCCESS) throw ImageDecodeError(name, librawReason("cannot render the RAW data", code));
    MemImage image(raw.dcraw_make_mem_image(&code));
    if (!image || code != LIBRAW_SUCCESS) throw ImageDecodeError(name, librawReason("cannot render the RAW data", code));
    if (image->type != LIBRAW_IMAGE_BITMAP || image->colors != 3 || image->bits != 8)
        throw ImageDecodeError(name, "LibRaw rendered an unexpected layout (" + std::to_string(image->colors) +
                                         " colours, " + std::to_string(image->bits) + " bits)");
    DecodedImage out;
    out.image = RgbImage(image->width, image->height);  // the flip is already applied
    std::memcpy(out.image.pixels.data(), image->data, out.image.pixels.size());
    out.sourceWidth = out.image.width;
    out.sourceHeight = out.image.height;
    if (params.half_size) {
        out.sourceWidth *= 2;
        out.sourceHeight *= 2;
    }
    return out;
}

}  // namespace

DecodedImage decodeCameraRaw(const std::uint8_t* data, std::size_t size, const std::string& name,
                             const DecodeOptions& options, const ImageDecoder& jpegDecoder) {
    // LibRaw is large (hundreds of kilobytes of state): on the heap, one per decode.
    auto raw = std::make_unique<LibRaw>();
    int code = raw->open_buffer(const_cast<std::uint8_t*>(data), size);
    if (code != LIBRAW_SUCCESS)
        throw ImageDecodeError(name, librawReason("not a camera RAW file LibRaw can read", code));
    const int width = raw->imgdata.sizes.width;
    const int height = raw->imgdata.sizes.height;
    checkPixelLimit(name, width, height, options);
    const int flip = raw->imgdata.sizes.flip;

    if (raw->unpack_thumb() == LIBRAW_SUCCESS && previewIsEnough(raw->imgdata.thumbnail, width, height,
                                                                  options.minShortSide)) {
        try {
            DecodedImage out = fromPreview(*raw, name, options, jpegDecoder, flip);
            if (options.minShortSide > 0) {  // the sensor's size, oriented
                const bool swapped = (flip & 4) != 0;
                out.sourceWidth = swapped ? height : width;
                out.sourceHeight = swapped ? width : height;
            }
            return out;
        } catch (const ImageDecodeError&) {
            // A damaged preview: the RAW data itself may still be fine.
        }
    }
    return rendered(*raw, name, options);
}

}  // namespace clipdesk
