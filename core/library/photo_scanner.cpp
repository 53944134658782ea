#include "library/photo_scanner.h"

#include "base/file_stamp.h"
#include "clip/image/photo_decoder.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <utility>

namespace clipdesk {
namespace {

using FileKey = std::pair<dev_t, ino_t>;


std::string childPath(const std::string& dir, const std::string& name) {
    return dir == "/" ? "/" + name : dir + "/" + name;
}

std::string lowerAscii(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// "IMG_0001" of ".../IMG_0001.CR2", in lower case.
std::string lowerStem(const std::string& path) {
    const auto slash = path.rfind('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    return lowerAscii(name.substr(0, name.rfind('.')));
}

// A camera saving RAW+JPEG writes IMG_0001.CR2 beside IMG_0001.JPG: the shot is indexed once,
// from the rendered file (JPEG, HEIF, ...), and the RAW is recorded as its companion.
void pairRawWithRendered(std::vector<ScannedFile>& folderFiles, std::vector<RawCompanion>& companions) {
    std::map<std::string, std::string> rendered;  // lower-case stem -> path
    for (const ScannedFile& f : folderFiles)
        if (!isCameraRawFileName(f.path)) rendered.emplace(lowerStem(f.path), f.path);
    if (rendered.empty()) return;
    std::vector<ScannedFile> kept;
    kept.reserve(folderFiles.size());
    for (ScannedFile& f : folderFiles) {
        const auto match = isCameraRawFileName(f.path) ? rendered.find(lowerStem(f.path)) : rendered.end();
        if (match != rendered.end())
            companions.push_back({f.path, match->second});
        else
            kept.push_back(std::move(f));
    }
    folderFiles = std::move(kept);
}

}  // namespace

std::string unsupportedImageExtension(const std::string& fileName) {
    const auto dot = fileName.rfind('.');
    if (dot == std::string::npos || dot == 0) return "";
    static const std::set<std::string> extensions = {"gif", "jxl", "svg", "psd"};
    const std::string extension = lowerAscii(fileName.substr(dot + 1));
    return extensions.count(extension) > 0 ? "." + extension : "";
}

ScanResult scanPhotos(const std::string& root, const ScanOptions& options, const ScanFolderCallback& onFolder) {
    ScanResult result;
    struct stat rootStat {};
    if (::stat(root.c_str(), &rootStat) != 0) {
        const int error = errno;
        result.problems.push_back({root, error == ENOENT || error == ENOTDIR
                                             ? std::string("folder not found")
                                             : std::string("cannot read folder: ") + std::strerror(error)});
        result.rootMissing = true;
        return result;
    }
    if (!S_ISDIR(rootStat.st_mode)) {
        result.problems.push_back({root, "not a folder"});
        result.rootMissing = true;
        return result;
    }

    std::set<FileKey> visitedFolders{{rootStat.st_dev, rootStat.st_ino}};
    std::set<FileKey> seenFiles;
    std::vector<std::string> stack{root};
    while (!stack.empty()) {
        const std::string dir = std::move(stack.back());
        stack.pop_back();
        if (onFolder && !onFolder(dir, static_cast<std::int64_t>(result.files.size()))) {
            result.cancelled = true;
            break;
        }
        std::unique_ptr<DIR, int (*)(DIR*)> handle(::opendir(dir.c_str()), &::closedir);
        if (!handle) {
            const int error = errno;
            if (error == ENOENT || error == ENOTDIR) {
                result.problems.push_back({dir, "folder disappeared during the scan"});
            } else {
                result.problems.push_back({dir, std::string("cannot read folder: ") + std::strerror(error)});
                result.unreadableFolders.push_back(dir);
            }
            continue;
        }
        std::vector<std::string> subfolders;
        std::vector<ScannedFile> folderFiles;
        for (;;) {
            errno = 0;
            const dirent* entry = ::readdir(handle.get());
            if (!entry) {
                if (errno != 0) {
                    result.problems.push_back({dir, std::string("cannot list folder: ") + std::strerror(errno)});
                    result.unreadableFolders.push_back(dir);
                }
                break;
            }
            const std::string name = entry->d_name;
            if (name == "." || name == "..") continue;
            if (name[0] == '.' && !options.includeHidden) continue;
            const bool maybeFolder = entry->d_type == DT_DIR || entry->d_type == DT_LNK || entry->d_type == DT_UNKNOWN;
            const bool photoName = isPhotoFileName(name);
            const std::string unsupported = photoName ? std::string() : unsupportedImageExtension(name);
            if (!maybeFolder && !photoName) {  // saves a stat per non-photo file
                if (!unsupported.empty() && entry->d_type == DT_REG) ++result.unsupported[unsupported];
                continue;
            }
            const std::string path = childPath(dir, name);
            struct stat st {};
            if (::fstatat(::dirfd(handle.get()), entry->d_name, &st, 0) != 0) {
                const int error = errno;
                if (error == ENOENT && entry->d_type != DT_LNK) continue;  // deleted since it was listed
                if (photoName)
                    result.problems.push_back({path, error == ENOENT ? "broken symbolic link"
                                                                     : std::string("cannot read file: ") + std::strerror(error)});
                continue;
            }
            const FileKey key{st.st_dev, st.st_ino};
            if (S_ISDIR(st.st_mode)) {
                if (visitedFolders.insert(key).second) subfolders.push_back(path);
            } else if (S_ISREG(st.st_mode) && photoName) {
                if (seenFiles.insert(key).second) folderFiles.push_back({path, st.st_size, fileStamp(st).mtimeNs});
            } else if (S_ISREG(st.st_mode) && !unsupported.empty()) {
                ++result.unsupported[unsupported];
            }
        }
        pairRawWithRendered(folderFiles, result.rawCompanions);
        for (auto& f : folderFiles) result.files.push_back(std::move(f));
        // Popped in name order, so the walk (and its progress) is deterministic.
        std::sort(subfolders.rbegin(), subfolders.rend());
        for (auto& f : subfolders) stack.push_back(std::move(f));
    }
    std::sort(result.files.begin(), result.files.end(),
              [](const ScannedFile& a, const ScannedFile& b) { return a.path < b.path; });
    std::sort(result.rawCompanions.begin(), result.rawCompanions.end(),
              [](const RawCompanion& a, const RawCompanion& b) { return a.rawPath < b.rawPath; });
    return result;
}

}  // namespace clipdesk
