#include "image/heif_decoding.h"

#include "image/decode_limits.h"

#include <libheif/heif.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

namespace clipdesk {
namespace {

struct ContextFree {
    void operator()(heif_context* c) const { heif_context_free(c); }
};
struct HandleRelease {
    void operator()(heif_image_handle* h) const { heif_image_handle_release(h); }
};
struct ImageRelease {
    void operator()(heif_image* i) const { heif_image_release(i); }
};
struct OptionsFree {
    void operator()(heif_decoding_options* o) const { heif_decoding_options_free(o); }
};
using Context = std::unique_ptr<heif_context, ContextFree>;
using Handle = std::unique_ptr<heif_image_handle, HandleRelease>;
using Image = std::unique_ptr<heif_image, ImageRelease>;

void check(const heif_error& error, const std::string& name, const char* what) {
    if (error.code == heif_error_Ok) return;
    std::string reason = std::string(what) + ": " + (error.message ? error.message : "unknown error");
    for (char& c : reason)
        if (c == '\n' || c == '\r') c = ' ';
    throw ImageDecodeError(name, reason);
}

// The smallest thumbnail of `primary` with both sides >= minShortSide, or none.
Handle smallestSufficientThumbnail(heif_image_handle* primary, int minShortSide) {
    const int count = heif_image_handle_get_number_of_thumbnails(primary);
    if (count <= 0 || minShortSide <= 0) return nullptr;
    std::vector<heif_item_id> ids(static_cast<std::size_t>(count));
    heif_image_handle_get_list_of_thumbnail_IDs(primary, ids.data(), count);
    Handle best;
    for (heif_item_id id : ids) {
        heif_image_handle* raw = nullptr;
        if (heif_image_handle_get_thumbnail(primary, id, &raw).code != heif_error_Ok) continue;
        Handle thumbnail(raw);
        const int w = heif_image_handle_get_width(thumbnail.get());
        const int h = heif_image_handle_get_height(thumbnail.get());
        if (std::min(w, h) < minShortSide) continue;
        if (!best || std::int64_t{w} * h < std::int64_t{heif_image_handle_get_width(best.get())} *
                                               heif_image_handle_get_height(best.get()))
            best = std::move(thumbnail);
    }
    return best;
}

RgbImage interleavedRgb(const heif_image* image, const std::string& name) {
    int stride = 0;
    const std::uint8_t* plane = heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride);
    const int width = heif_image_get_primary_width(image);
    const int height = heif_image_get_primary_height(image);
    if (!plane || width <= 0 || height <= 0 || stride < width * 3)
        throw ImageDecodeError(name, "libheif returned no RGB pixels");
    RgbImage out(width, height);
    for (int y = 0; y < height; ++y)
        std::memcpy(out.row(y), plane + static_cast<std::size_t>(y) * stride, static_cast<std::size_t>(width) * 3);
    return out;
}

}  // namespace

DecodedImage decodeHeif(const std::uint8_t* data, std::size_t size, const std::string& name,
                        const DecodeOptions& options) {
    Context context(heif_context_alloc());
    if (!context) throw ImageDecodeError(name, "out of memory while opening a HEIF file");
    check(heif_context_read_from_memory_without_copy(context.get(), data, size, nullptr), name,
          "corrupt or unsupported HEIF/AVIF data");
    heif_image_handle* rawPrimary = nullptr;
    check(heif_context_get_primary_image_handle(context.get(), &rawPrimary), name, "no primary image");
    Handle primary(rawPrimary);

    // A grid's full size, known before any tile is decoded.
    checkPixelLimit(name, heif_image_handle_get_width(primary.get()), heif_image_handle_get_height(primary.get()),
                    options);

    Handle thumbnail = smallestSufficientThumbnail(primary.get(), options.minShortSide);
    heif_image_handle* chosen = thumbnail ? thumbnail.get() : primary.get();

    std::unique_ptr<heif_decoding_options, OptionsFree> decoding(heif_decoding_options_alloc());
    decoding->ignore_transformations = 0;
    decoding->convert_hdr_to_8bit = 1;
    heif_image* rawImage = nullptr;
    check(heif_decode_image(chosen, &rawImage, heif_colorspace_RGB, heif_chroma_interleaved_RGB, decoding.get()),
          name, "cannot decode the HEIF/AVIF image");
    Image image(rawImage);

    DecodedImage out;
    out.image = interleavedRgb(image.get(), name);
    // libheif reports sizes after rotation; the primary's even when a thumbnail was decoded.
    out.sourceWidth = thumbnail ? heif_image_handle_get_width(primary.get()) : out.image.width;
    out.sourceHeight = thumbnail ? heif_image_handle_get_height(primary.get()) : out.image.height;
    return out;
}

}  // namespace clipdesk
