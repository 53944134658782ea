#include "data/image_files.h"

#include "data/pairs_file_error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <system_error>

namespace fs = std::filesystem;

namespace clipdesk {
namespace {

bool isHidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return !name.empty() && name.front() == '.';
}

[[noreturn]] void failToList(const fs::path& dir, const std::error_code& error) {
    throw PairsFileError(dir.string(), 0, "cannot read the folder (" + error.message() + ")");
}

// Visits the entries of `dir` that are not hidden; with `recursive`, those of its subfolders too.
template <typename Visit>
void forEachEntry(const fs::path& dir, bool recursive, Visit visit) {
    std::error_code error;
    if (recursive) {
        fs::recursive_directory_iterator it(dir, error), end;
        if (error) failToList(dir, error);
        for (; it != end; it.increment(error)) {
            if (error) failToList(dir, error);
            if (isHidden(it->path())) {
                if (it->is_directory(error)) it.disable_recursion_pending();
                continue;
            }
            visit(*it);
        }
        if (error) failToList(dir, error);
    } else {
        fs::directory_iterator it(dir, error), end;
        if (error) failToList(dir, error);
        for (; it != end; it.increment(error)) {
            if (error) failToList(dir, error);
            if (!isHidden(it->path())) visit(*it);
        }
        if (error) failToList(dir, error);
    }
}

}  // namespace

bool hasImageExtension(const fs::path& path) {
    std::string ext = path.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::array<const char*, 7> kExtensions{".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff"};
    return std::any_of(kExtensions.begin(), kExtensions.end(), [&](const char* e) { return ext == e; });
}

std::vector<fs::path> findImageFiles(const fs::path& dir, bool recursive) {
    std::vector<fs::path> images;
    forEachEntry(dir, recursive, [&](const fs::directory_entry& entry) {
        std::error_code error;
        if (hasImageExtension(entry.path()) && entry.is_regular_file(error)) images.push_back(entry.path());
    });
    std::sort(images.begin(), images.end());
    return images;
}

std::vector<fs::path> findSubfolders(const fs::path& dir) {
    std::vector<fs::path> folders;
    forEachEntry(dir, false, [&](const fs::directory_entry& entry) {
        std::error_code error;
        if (entry.is_directory(error)) folders.push_back(entry.path());
    });
    std::sort(folders.begin(), folders.end());
    return folders;
}

}  // namespace clipdesk
