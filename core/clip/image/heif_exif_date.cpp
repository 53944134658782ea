#include "image/metadata_dates.h"

#include "image/exif_date.h"

#include <libheif/heif.h>

#include <memory>
#include <vector>

namespace clipdesk {

std::optional<PhotoDateTaken> heifDateTaken(const std::uint8_t* data, std::size_t size) {
    std::unique_ptr<heif_context, void (*)(heif_context*)> context(heif_context_alloc(), heif_context_free);
    if (heif_context_read_from_memory_without_copy(context.get(), data, size, nullptr).code != heif_error_Ok)
        return std::nullopt;
    heif_image_handle* rawHandle = nullptr;
    if (heif_context_get_primary_image_handle(context.get(), &rawHandle).code != heif_error_Ok) return std::nullopt;
    std::unique_ptr<heif_image_handle, void (*)(const heif_image_handle*)> handle(rawHandle, heif_image_handle_release);

    const int blocks = heif_image_handle_get_number_of_metadata_blocks(handle.get(), "Exif");
    std::vector<heif_item_id> ids(static_cast<std::size_t>(std::max(blocks, 0)));
    heif_image_handle_get_list_of_metadata_block_IDs(handle.get(), "Exif", ids.data(), blocks);
    for (const heif_item_id id : ids) {
        const std::size_t blockSize = heif_image_handle_get_metadata_size(handle.get(), id);
        if (blockSize < 4 || blockSize > (64u << 20)) continue;
        std::vector<std::uint8_t> block(blockSize);
        if (heif_image_handle_get_metadata(handle.get(), id, block.data()).code != heif_error_Ok) continue;
        // ISO/IEC 23008-12 A.2.1: a 4-byte big-endian offset, then the TIFF header at 4 + offset
        // (usually after "Exif\0\0").
        const std::size_t offset = (std::size_t{block[0]} << 24) | (block[1] << 16) | (block[2] << 8) | block[3];
        if (offset > blockSize - 4) continue;
        if (auto date = exifDateInTiff(block.data() + 4 + offset, blockSize - 4 - offset)) return date;
    }
    return std::nullopt;
}

}  // namespace clipdesk
