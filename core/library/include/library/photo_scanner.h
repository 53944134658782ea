#pragma once
// Finds the photos under a folder (the formats PhotoDecoder reads): a recursive walk that follows symbolic links but visits
// each folder and each file once (so link loops end), skips hidden entries unless asked, and
// records the folders it could not read instead of stopping.

#include "library/path_problem.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace clipdesk {

// The lower-case extension (".gif") of an image format Clipdesk cannot read (GIF, JPEG XL,
// SVG, PSD); empty for any other name.
std::string unsupportedImageExtension(const std::string& fileName);

struct ScannedFile {
    std::string path;
    std::int64_t size = 0;
    std::int64_t mtimeNs = 0;
};

// A camera RAW file left out of the library because the same shot was saved rendered
// (IMG_0001.CR2 beside IMG_0001.JPG, names compared without case).
struct RawCompanion {
    std::string rawPath;
    std::string renderedPath;  // the file indexed for the shot
};

struct ScanOptions {
    bool includeHidden = false;  // names starting with '.'
};

struct ScanResult {
    std::vector<ScannedFile> files;  // ordered by path; the photos' names are isPhotoFileName
    std::vector<RawCompanion> rawCompanions;
    // Image files left out because Clipdesk cannot read their format, by extension (".gif").
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
