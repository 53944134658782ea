#pragma once
// XMP sidecars that digiKam, darktable and Lightroom read: keywords as dc:subject (a bag) and
// digiKam:TagsList (a sequence). Clipdesk writes "photo.jpg.xmp", the name digiKam and
// darktable use, and reads both that and Lightroom's "photo.xmp" when importing. Existing
// sidecars are merged into (every other property kept), rewritten atomically (temporary file,
// fsync, rename), and a malformed one is left untouched. Photos themselves are never opened
// for writing.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace clipdesk {

class XmpSidecarError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "photo.jpg" -> "photo.jpg.xmp"
std::filesystem::path sidecarPath(const std::filesystem::path& photo);
// "photo.jpg" -> "photo.xmp"
std::filesystem::path lightroomSidecarPath(const std::filesystem::path& photo);

// dc:subject and digiKam:TagsList entries of a sidecar, in order, without duplicates (a
// digiKam hierarchy "Places/Beach" gives its last part). Throws XmpSidecarError naming the
// file when it cannot be read or is not a valid XMP packet.
std::vector<std::string> readSidecarKeywords(const std::filesystem::path& sidecar);

struct SidecarWrite {
    std::filesystem::path sidecar;
    int added = 0;         // keywords that were not there before
    bool created = false;  // the sidecar did not exist
};

// Adds `keywords` to the photo's "photo.jpg.xmp" (created if absent). Nothing is written when
// every keyword is already there. Temporaries of the sidecar that a killed export left behind
// (".photo.jpg.xmp.XXXXXX", unlocked and stale) are removed first. Throws XmpSidecarError naming the sidecar when the existing
// one is malformed (left untouched) or the folder is not writable.
SidecarWrite mergeSidecarKeywords(const std::filesystem::path& photo, const std::vector<std::string>& keywords);

// Keywords of the photo's sidecars ("photo.jpg.xmp" and "photo.xmp"); `problems` receives one
// message per sidecar that could not be read.
std::vector<std::string> importSidecarKeywords(const std::filesystem::path& photo, std::vector<std::string>& problems);

}  // namespace clipdesk
