#include "image/cmyk_jpeg_decoding.h"

#include "clip/image/image_decoder.h"

#include <csetjmp>
#include <cstdio>
#include <vector>

#include <jpeglib.h>

namespace clipdesk {
namespace {

struct ErrorManager {
    jpeg_error_mgr base;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX] = {};
};

void onError(j_common_ptr info) {
    auto* errors = reinterpret_cast<ErrorManager*>(info->err);
    info->err->format_message(info, errors->message);
    std::longjmp(errors->jump, 1);
}

void ignoreWarning(j_common_ptr, int) {}

// Pillow's MULDIV255: a * b / 255, rounded.
inline int mulDiv255(int a, int b) {
    const int t = a * b + 128;
    return ((t >> 8) + t) >> 8;
}

// libjpeg reports errors by longjmp: the two steps below keep only trivially destructible
// locals between their setjmp and libjpeg's calls, and return false on an error.
bool readHeader(jpeg_decompress_struct& info, ErrorManager& errors, const std::uint8_t* data, std::size_t size,
                int reduction) {
    if (setjmp(errors.jump)) return false;
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, static_cast<unsigned long>(size));
    jpeg_read_header(&info, TRUE);
    info.out_color_space = JCS_CMYK;  // YCCK is converted to CMYK by libjpeg
    info.scale_num = 1;
    info.scale_denom = static_cast<unsigned>(reduction);
    jpeg_calc_output_dimensions(&info);
    return true;
}

// Into `bgr` (output_height rows of output_width * 3 bytes, `bgrStride` apart), through
// `row` (output_width * 4 bytes).
bool readPixels(jpeg_decompress_struct& info, ErrorManager& errors, std::uint8_t* bgr, std::size_t bgrStride,
                std::uint8_t* row) {
    if (setjmp(errors.jump)) return false;
    jpeg_start_decompress(&info);
    while (info.output_scanline < info.output_height) {
        JSAMPROW rows[1] = {row};
        std::uint8_t* out = bgr + info.output_scanline * bgrStride;
        jpeg_read_scanlines(&info, rows, 1);
        for (std::size_t x = 0; x < info.output_width; ++x) {
            const std::uint8_t* s = row + 4 * x;
            const int notK = s[3];  // stored inverted: 255 - K
            for (int c = 0; c < 3; ++c)
                out[3 * x + (2 - c)] = static_cast<std::uint8_t>(notK - mulDiv255(255 - s[c], notK));
        }
    }
    jpeg_finish_decompress(&info);
    return true;
}

}  // namespace

cv::Mat decodeCmykJpegToBgr(const std::uint8_t* data, std::size_t size, const std::string& name, int reduction) {
    jpeg_decompress_struct info{};
    ErrorManager errors;
    info.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = onError;
    errors.base.emit_message = ignoreWarning;
    bool ok = readHeader(info, errors, data, size, reduction);
    cv::Mat bgr;
    std::vector<std::uint8_t> row;
    if (ok) {
        bgr.create(static_cast<int>(info.output_height), static_cast<int>(info.output_width), CV_8UC3);
        row.resize(static_cast<std::size_t>(info.output_width) * 4);
        ok = readPixels(info, errors, bgr.data, bgr.step, row.data());
    }
    jpeg_destroy_decompress(&info);
    if (!ok) throw ImageDecodeError(name, std::string("corrupt CMYK JPEG data: ") + errors.message);
    return bgr;
}

}  // namespace clipdesk
