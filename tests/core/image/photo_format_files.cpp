#include "photo_format_files.h"

#include <libheif/heif.h>
#include <jpeglib.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace clipdesk::test {
namespace {

class TiffWriter {
public:
    struct Entry {
        std::uint16_t tag;
        std::uint16_t type;  // 1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL, 10 SRATIONAL
        std::uint32_t count;
        std::vector<std::uint8_t> data;  // little-endian values
    };

    static Entry shorts(std::uint16_t tag, std::vector<std::uint16_t> values) {
        Entry e{tag, 3, static_cast<std::uint32_t>(values.size()), {}};
        for (auto v : values) append(e.data, v, 2);
        return e;
    }
    static Entry longs(std::uint16_t tag, std::vector<std::uint32_t> values) {
        Entry e{tag, 4, static_cast<std::uint32_t>(values.size()), {}};
        for (auto v : values) append(e.data, v, 4);
        return e;
    }
    static Entry bytes(std::uint16_t tag, std::vector<std::uint8_t> values) {
        return Entry{tag, 1, static_cast<std::uint32_t>(values.size()), values};
    }
    static Entry ascii(std::uint16_t tag, const std::string& text) {
        Entry e{tag, 2, static_cast<std::uint32_t>(text.size() + 1), {}};
        e.data.assign(text.begin(), text.end());
        e.data.push_back(0);
        return e;
    }
    static Entry rationals(std::uint16_t tag, std::uint16_t type, std::vector<std::pair<std::int32_t, std::int32_t>> values) {
        Entry e{tag, type, static_cast<std::uint32_t>(values.size()), {}};
        for (auto [n, d] : values) {
            append(e.data, static_cast<std::uint32_t>(n), 4);
            append(e.data, static_cast<std::uint32_t>(d), 4);
        }
        return e;
    }

    static void append(std::vector<std::uint8_t>& out, std::uint32_t value, int size) {
        for (int i = 0; i < size; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    }
    static void put32(std::vector<std::uint8_t>& out, std::size_t at, std::uint32_t value) {
        for (int i = 0; i < 4; ++i) out[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
    }

    // Writes an IFD at the end of `file` (entries sorted by tag); values longer than 4 bytes
    // follow it. Returns the IFD's offset.
    static std::uint32_t writeIfd(std::vector<std::uint8_t>& file, std::vector<Entry> entries) {
        std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.tag < b.tag; });
        if (file.size() % 2) file.push_back(0);
        const auto ifd = static_cast<std::uint32_t>(file.size());
        std::size_t extra = ifd + 2 + entries.size() * 12 + 4;
        std::vector<std::uint8_t> tail;
        append(file, static_cast<std::uint32_t>(entries.size()), 2);
        for (const Entry& e : entries) {
            append(file, e.tag, 2);
            append(file, e.type, 2);
            append(file, e.count, 4);
            if (e.data.size() <= 4) {
                std::vector<std::uint8_t> inline4 = e.data;
                inline4.resize(4, 0);
                file.insert(file.end(), inline4.begin(), inline4.end());
            } else {
                append(file, static_cast<std::uint32_t>(extra + tail.size()), 4);
                tail.insert(tail.end(), e.data.begin(), e.data.end());
                if (tail.size() % 2) tail.push_back(0);
            }
        }
        append(file, 0, 4);  // no next IFD
        file.insert(file.end(), tail.begin(), tail.end());
        return ifd;
    }
};

heif_orientation heifOrientation(int exif) {
    return exif >= 1 && exif <= 8 ? static_cast<heif_orientation>(exif) : heif_orientation_normal;
}

}  // namespace

RgbImage redLeftBlueRight(int width, int height) {
    RgbImage image(width, height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = image.row(y) + 3 * x;
            const bool left = x < width / 2;
            p[0] = left ? 230 : 20;
            p[1] = 20;
            p[2] = left ? 20 : 230;
        }
    return image;
}

std::vector<std::uint8_t> encodeHeif(const RgbImage& source, const HeifFileSpec& spec) {
    heif_context* context = heif_context_alloc();
    heif_image* image = nullptr;
    heif_image_create(source.width, source.height, heif_colorspace_RGB, heif_chroma_interleaved_RGB, &image);
    heif_image_add_plane(image, heif_channel_interleaved, source.width, source.height, 8);
    int stride = 0;
    std::uint8_t* plane = heif_image_get_plane(image, heif_channel_interleaved, &stride);
    for (int y = 0; y < source.height; ++y)
        std::memcpy(plane + static_cast<std::size_t>(y) * stride, source.row(y), static_cast<std::size_t>(source.width) * 3);
    std::vector<std::uint8_t> out;
    heif_encoder* encoder = nullptr;
    if (heif_context_get_encoder_for_format(context, spec.avif ? heif_compression_AV1 : heif_compression_HEVC, &encoder)
            .code == heif_error_Ok) {
        heif_encoder_set_lossy_quality(encoder, 95);
        heif_encoding_options* options = heif_encoding_options_alloc();
        options->image_orientation = heifOrientation(spec.exifOrientation);
        heif_image_handle* handle = nullptr;
        bool ok = heif_context_encode_image(context, image, encoder, options, &handle).code == heif_error_Ok;
        if (ok && !spec.exif.empty())
            ok = heif_context_add_exif_metadata(context, handle, spec.exif.data(), static_cast<int>(spec.exif.size())).code ==
                 heif_error_Ok;
        if (ok && spec.thumbnailSize > 0)
            ok = heif_context_encode_thumbnail(context, image, handle, encoder, options, spec.thumbnailSize, nullptr)
                     .code == heif_error_Ok;
        heif_writer writer{};
        writer.writer_api_version = 1;
        writer.write = [](heif_context*, const void* data, size_t size, void* userdata) {
            auto* bytes = static_cast<std::vector<std::uint8_t>*>(userdata);
            bytes->insert(bytes->end(), static_cast<const std::uint8_t*>(data), static_cast<const std::uint8_t*>(data) + size);
            return heif_error{heif_error_Ok, heif_suberror_Unspecified, "ok"};
        };
        if (ok) heif_context_write(context, &writer, &out);
        if (handle) heif_image_handle_release(handle);
        heif_encoding_options_free(options);
        heif_encoder_release(encoder);
    }
    heif_image_release(image);
    heif_context_free(context);
    return out;
}

std::vector<std::uint8_t> encodeJpeg(const RgbImage& image) {
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<std::uint8_t> jpeg;
    cv::imencode(".jpg", bgr, jpeg, {cv::IMWRITE_JPEG_QUALITY, 95});
    return jpeg;
}

std::vector<std::uint8_t> encodeCmykJpeg(const std::vector<std::array<std::uint8_t, 4>>& blocks) {
    const int width = 16 * static_cast<int>(blocks.size());
    const int height = 16;
    jpeg_compress_struct info{};
    jpeg_error_mgr errors{};
    info.err = jpeg_std_error(&errors);
    jpeg_create_compress(&info);
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = static_cast<JDIMENSION>(width);
    info.image_height = static_cast<JDIMENSION>(height);
    info.input_components = 4;
    info.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&info);
    jpeg_set_colorspace(&info, JCS_CMYK);  // writes an Adobe marker
    jpeg_set_quality(&info, 100, TRUE);
    for (int c = 0; c < 4; ++c) info.comp_info[c].h_samp_factor = info.comp_info[c].v_samp_factor = 1;
    jpeg_start_compress(&info, TRUE);
    std::vector<std::uint8_t> row(static_cast<std::size_t>(width) * 4);
    for (int x = 0; x < width; ++x)
        for (int c = 0; c < 4; ++c) row[4 * x + c] = static_cast<std::uint8_t>(255 - blocks[x / 16][c]);
    while (info.next_scanline < info.image_height) {
        JSAMPROW rows[1] = {row.data()};
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    std::vector<std::uint8_t> out(buffer, buffer + size);
    jpeg_destroy_compress(&info);
    std::free(buffer);
    return out;
}

std::vector<std::uint8_t> exifDateBlock(const std::string& exifDate, const std::string& offset) {
    using W = TiffWriter;
    std::vector<std::uint8_t> file = {'I', 'I', 42, 0, 0, 0, 0, 0};
    std::vector<W::Entry> exif = {W::ascii(36867, exifDate)};
    if (!offset.empty()) exif.push_back(W::ascii(36881, offset));
    const std::uint32_t exifIfd = W::writeIfd(file, exif);
    W::put32(file, 4, W::writeIfd(file, {W::ascii(271, "Clipdesk"), W::longs(34665, {exifIfd})}));
    return file;
}

std::vector<std::uint8_t> writeDng(const DngFileSpec& spec) {
    using W = TiffWriter;
    std::vector<std::uint8_t> file = {'I', 'I', 42, 0, 0, 0, 0, 0};

    // The mosaic: RGGB; left half red, right half blue, 12-bit values in 16-bit samples.
    const std::uint32_t rawOffset = static_cast<std::uint32_t>(file.size());
    for (int y = 0; y < spec.height; ++y)
        for (int x = 0; x < spec.width; ++x) {
            const bool left = x < spec.width / 2;
            const int site = (y % 2) * 2 + (x % 2);  // 0 R, 1 G, 2 G, 3 B
            const int value = site == 0 ? (left ? 3600 : 300) : site == 3 ? (left ? 300 : 3600) : 300;
            W::append(file, static_cast<std::uint32_t>(value), 2);
        }
    const std::uint32_t rawBytes = static_cast<std::uint32_t>(file.size()) - rawOffset;
    std::uint32_t previewOffset = 0;
    if (!spec.previewJpeg.empty()) {
        previewOffset = static_cast<std::uint32_t>(file.size());
        file.insert(file.end(), spec.previewJpeg.begin(), spec.previewJpeg.end());
    }

    const std::vector<W::Entry> camera = {
        W::ascii(271, "Clipdesk"), W::ascii(272, "Test DNG"), W::shorts(274, {static_cast<std::uint16_t>(spec.orientation)}),
        W::bytes(50706, {1, 4, 0, 0}), W::bytes(50707, {1, 1, 0, 0}), W::ascii(50708, "Clipdesk Test DNG"),
        W::rationals(50721, 10, {{1, 1}, {0, 1}, {0, 1}, {0, 1}, {1, 1}, {0, 1}, {0, 1}, {0, 1}, {1, 1}}),
        W::rationals(50728, 5, {{1, 1}, {1, 1}, {1, 1}}), W::shorts(50778, {21})};
    std::vector<W::Entry> dated = camera;
    if (!spec.dateTimeOriginal.empty()) {
        dated.push_back(W::ascii(306, spec.dateTimeOriginal));  // what LibRaw reads
        dated.push_back(W::ascii(36867, spec.dateTimeOriginal));
    }
    if (!spec.offsetTimeOriginal.empty()) dated.push_back(W::ascii(36881, spec.offsetTimeOriginal));
    std::vector<W::Entry> rawIfd = {
        W::longs(254, {0}), W::longs(256, {static_cast<std::uint32_t>(spec.width)}),
        W::longs(257, {static_cast<std::uint32_t>(spec.height)}), W::shorts(258, {16}), W::shorts(259, {1}),
        W::shorts(262, {32803}), W::longs(273, {rawOffset}), W::shorts(277, {1}),
        W::longs(278, {static_cast<std::uint32_t>(spec.height)}), W::longs(279, {rawBytes}), W::shorts(284, {1}),
        W::shorts(33421, {2, 2}), W::bytes(33422, {0, 1, 1, 2}), W::longs(50714, {0}), W::longs(50717, {4095})};

    std::uint32_t first = 0;
    if (spec.previewJpeg.empty()) {
        rawIfd.insert(rawIfd.end(), dated.begin(), dated.end());
        first = W::writeIfd(file, rawIfd);
    } else {
        const std::uint32_t rawAt = W::writeIfd(file, rawIfd);
        std::vector<W::Entry> preview = {
            W::longs(254, {1}), W::longs(256, {static_cast<std::uint32_t>(spec.previewWidth)}),
            W::longs(257, {static_cast<std::uint32_t>(spec.previewHeight)}), W::shorts(258, {8, 8, 8}),
            W::shorts(259, {7}), W::shorts(262, {6}), W::longs(273, {previewOffset}), W::shorts(277, {3}),
            W::longs(278, {static_cast<std::uint32_t>(spec.previewHeight)}),
            W::longs(279, {static_cast<std::uint32_t>(spec.previewJpeg.size())}), W::longs(330, {rawAt})};
        preview.insert(preview.end(), dated.begin(), dated.end());
        first = W::writeIfd(file, preview);
    }
    W::put32(file, 4, first);
    return file;
}

}  // namespace clipdesk::test
