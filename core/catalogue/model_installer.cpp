#include "catalogue/model_installer.h"

#include "file_download.h"
#include "catalogue/mirror_url.h"
#include "base/sha256.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace clipdesk {
namespace fs = std::filesystem;
namespace {

// flock on the model's lock file for the duration of the install.
class InstallLock {
public:
    InstallLock(const fs::path& file, const std::string& id) {
        fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) throw std::runtime_error(file.string() + ": cannot create the lock file: " + std::strerror(errno));
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd_);
            throw std::runtime_error("model \"" + id + "\" is already being downloaded by another process");
        }
    }
    ~InstallLock() { ::close(fd_); }
    InstallLock(const InstallLock&) = delete;
    InstallLock& operator=(const InstallLock&) = delete;

private:
    int fd_ = -1;
};

// A file already complete in the staging folder (from a run cancelled later) is kept if its
// hash still matches.
bool stagedFileIsValid(const fs::path& path, const CatalogueFile& file) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return false;
    if (file.size && fs::file_size(path, ec) != *file.size) return false;
    return sha256FileHex(path.string()) == file.sha256;
}

// Moves `staging` to `target`; an existing `target` is moved aside first and removed only
// once the new folder is in place (and put back if that fails).
void moveIntoPlace(const fs::path& staging, const fs::path& target) {
    std::error_code ec;
    const fs::path old = target.parent_path() / ("." + target.filename().string() + ".old");
    fs::remove_all(old, ec);
    const bool replacing = fs::exists(target, ec);
    if (replacing) {
        fs::rename(target, old, ec);
        if (ec) throw std::runtime_error(target.string() + ": cannot move the installed model aside: " + ec.message());
    }
    fs::rename(staging, target, ec);
    if (ec) {
        std::error_code ignored;
        if (replacing) fs::rename(old, target, ignored);
        throw std::runtime_error(target.string() + ": cannot move the downloaded model into place: " + ec.message());
    }
    syncFolder(target.parent_path());
    if (replacing) fs::remove_all(old, ec);
}

}  // namespace

InstallResult installModel(const CatalogueEntry& entry, const ModelStore& store, const InstallOptions& options,
                           const JobControl& control) {
    if (!entry.supported)
        throw CatalogueError("model \"" + entry.id + "\" cannot be used by Clipdesk: " + entry.unsupportedReason);
    const auto started = std::chrono::steady_clock::now();
    std::error_code ec;
    fs::create_directories(store.dir(), ec);
    if (ec) throw std::runtime_error(store.dir().string() + ": cannot create the models folder: " + ec.message());
    InstallLock lock(store.lockFile(entry.id), entry.id);
    const fs::path staging = store.stagingDir(entry.id);

    InstallResult result;
    result.dir = store.modelDir(entry.id);
    const auto total = entry.totalSize();
    std::uint64_t finished = 0;  // bytes of the files done before the current one
    for (std::size_t i = 0; i < entry.files.size(); ++i) {
        const auto& file = entry.files[i];
        const fs::path target = staging / file.path;
        if (stagedFileIsValid(target, file)) {
            const auto size = fs::file_size(target);
            finished += size;
            result.bytesResumed += size;
            continue;
        }
        fs::remove(target, ec);
        DownloadRequest request;
        request.url = mirroredUrl(file.url, options.mirror);
        request.target = target;
        request.size = file.size;
        request.sha256 = file.sha256;
        request.maxBytesPerSecond = options.maxBytesPerSecond;
        const TransferCallback onTransfer = [&](const TransferProgress& p) {
            JobProgress jp;
            jp.stage = JobStage::Downloading;
            jp.item = file.path;
            jp.part = static_cast<int>(i);
            jp.parts = static_cast<int>(entry.files.size());
            jp.done = static_cast<std::int64_t>(finished + p.done);
            if (total) jp.total = static_cast<std::int64_t>(*total);
            else if (i + 1 == entry.files.size() && p.total) jp.total = static_cast<std::int64_t>(finished + *p.total);
            jp.perSecond = p.bytesPerSecond;
            return control.report(jp);
        };
        const DownloadResult r = downloadFile(request, onTransfer);
        result.bytesTransferred += r.transferred;
        result.bytesResumed += r.resumedFrom;
        if (r.cancelled) {
            result.cancelled = true;
            result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            return result;
        }
        finished += fs::file_size(target);
    }
    for (const auto& file : entry.files) syncFolder((staging / file.path).parent_path());
    moveIntoPlace(staging, result.dir);
    result.bytes = finished;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace clipdesk
