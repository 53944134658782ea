#pragma once
// Finds the photos under a folder: a recursive walk that follows symbolic links but visits
// each folder and each file once (so link loops end), skips hidden entries unless asked, and
// records the folders it could not read instead of stopping.

#include "library/path_problem.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace clipdesk {

// jpg, jpeg, png, webp, bmp, tif, tiff in any letter case.
bool hasPhotoExtension(const std::string& fileName);
// The lower-case extension (".heic") of an image format Clipdesk cannot read (HEIC/HEIF, AVIF,
// GIF, JPEG XL, SVG, PSD and camera raw files); empty for any other name.
std::string unsupportedImageExtension(const std::string& fileName);

struct ScannedFile {
    std::string path;
    std::int64_t size = 0;
    std::int64_t mtimeNs = 0;
};

struct ScanOptions {
    bool includeHidden = false;  // names starting with '.'
};

struct ScanResult {
    std::vector<ScannedFile> files;  // ordered by path
    // Image files left out because Clipdesk cannot read their format, by extension (".heic").
    std::map<std::string, std::int64_t> unsupported;
    // Folders and files that could not be read, and folders that vanished while scanned.
    std::vector<PathProblem> problems;
    // Folders that exist but could not be listed (e.g. permission denied): what the library
    // knew below them is kept, not taken as deleted.
    std::vector<std::string> unreadableFolders;
    bool rootMissing = false;
    bool cancelled = false;
};

// Called as each folder is entered, with the number of photos found so far; returning
// false stops the scan (cancelled).
using ScanFolderCallback = std::function<bool(const std::string& folder, std::int64_t photosFound)>;

// `root` is an absolute, normalised folder path.
ScanResult scanPhotos(const std::string& root, const ScanOptions& options, const ScanFolderCallback& onFolder = {});

}  // namespace clipdesk
