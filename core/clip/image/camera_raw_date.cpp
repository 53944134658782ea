#include "image/metadata_dates.h"

#include <libraw/libraw.h>

#include <ctime>
#include <memory>

namespace clipdesk {

std::optional<PhotoDateTaken> cameraRawDateTaken(const std::uint8_t* data, std::size_t size) {
    auto raw = std::make_unique<LibRaw>();  // large: on the heap
    if (raw->open_buffer(const_cast<std::uint8_t*>(data), size) != LIBRAW_SUCCESS) return std::nullopt;
    // LibRaw turns the camera's date into time_t with mktime() (the local zone); localtime_r
    // gives the camera's wall clock back. The UTC offset is not kept by LibRaw.
    const std::time_t stamp = raw->imgdata.other.timestamp;
    if (stamp <= 0) return std::nullopt;
    std::tm local{};
    if (!localtime_r(&stamp, &local)) return std::nullopt;
    char text[32];
    if (std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local) != 19) return std::nullopt;
    return PhotoDateTaken{text, {}};
}

}  // namespace clipdesk
