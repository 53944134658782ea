#pragma once
// One file downloaded with libcurl and verified against its SHA-256 pin:
//  * bytes go to "<target>.part"; a .part left by an earlier run is resumed (HTTP Range /
//    file:// offset) after its bytes are hashed again, so the hash covers the whole file;
//    a server that ignores the range makes the download start over;
//  * the hash is computed while the bytes arrive; the size is checked against the pin;
//  * on success the .part is fsynced and renamed to <target>, and its folder fsynced;
//  * a SHA-256 or size mismatch deletes the .part and throws DownloadError naming the file,
//    the expected and the actual value;
//  * a file never grows past its pinned size, or past maxUnpinnedBytes when the pin has no size:
//    an endless or oversized source is cut off while streaming and its .part deleted;
//  * cancelling (the progress callback returns false) returns Cancelled and keeps the .part.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace clipdesk {

class DownloadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct TransferProgress {
    std::uint64_t done = 0;               // bytes of the file on disk so far (resumed ones included)
    std::optional<std::uint64_t> total;   // file size, when known
    double bytesPerSecond = 0;            // transfer rate of this run
};
// Called often (several times a second); returns false to cancel.
using TransferCallback = std::function<bool(const TransferProgress&)>;

// The cap on a file whose size is not pinned: larger than any CLIP checkpoint Clipdesk reads
// (ViT-L/14@336px is 0.9 GB; ViT-bigG/14 in fp32 about 10 GB would need its size pinned).
constexpr std::uint64_t kMaxUnpinnedDownloadBytes = std::uint64_t{4} << 30;  // 4 GiB

struct DownloadRequest {
    std::string url;
    std::filesystem::path target;
    std::optional<std::uint64_t> size;
    std::uint64_t maxUnpinnedBytes = kMaxUnpinnedDownloadBytes;  // the cap when `size` is unknown
    std::string sha256;
    std::uint64_t maxBytesPerSecond = 0;  // 0: unlimited
};

struct DownloadResult {
    bool cancelled = false;
    std::uint64_t transferred = 0;  // bytes received in this run
    std::uint64_t resumedFrom = 0;  // bytes of an earlier .part that were kept
};

DownloadResult downloadFile(const DownloadRequest& request, const TransferCallback& progress);

// "<target>.part"
std::filesystem::path partFileOf(const std::filesystem::path& target);

// fsync of a folder, so that a rename in it is on disk; errors are ignored.
void syncFolder(const std::filesystem::path& dir);

}  // namespace clipdesk
