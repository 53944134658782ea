#pragma once

#include <filesystem>
#include <vector>

namespace clipdesk {

// .jpg .jpeg .png .webp .bmp .tif .tiff, in any letter case.
bool hasImageExtension(const std::filesystem::path& path);

// The image files in `dir` (with `recursive`, also in its subfolders), sorted by path. Hidden
// files and folders (names starting with '.') are left out. Throws PairsFileError when the
// folder cannot be read.
std::vector<std::filesystem::path> findImageFiles(const std::filesystem::path& dir, bool recursive);

// The subfolders of `dir` that are not hidden, sorted by name.
std::vector<std::filesystem::path> findSubfolders(const std::filesystem::path& dir);

}  // namespace clipdesk
