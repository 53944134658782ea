#include "file_download.h"

#include "base/sha256.h"

#include <curl/curl.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

namespace clipdesk {
namespace fs = std::filesystem;
namespace {

void initialiseCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw DownloadError("libcurl could not be initialised");
    });
}

std::string systemError(const std::string& what, const fs::path& path) {
    return path.string() + ": " + what + ": " + std::strerror(errno);
}

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }
    int release() {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }

private:
    int fd_;
};

// Hashes the first `bytes` bytes of an existing .part.
void hashExisting(const fs::path& part, std::uint64_t bytes, Sha256& hash) {
    FileDescriptor fd(::open(part.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw DownloadError(systemError("cannot read the partial download", part));
    std::vector<char> buffer(1 << 20);
    std::uint64_t left = bytes;
    while (left > 0) {
        const ssize_t n = ::read(fd.get(), buffer.data(), std::min<std::uint64_t>(left, buffer.size()));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw DownloadError(systemError("cannot read the partial download", part));
        hash.update(buffer.data(), static_cast<std::size_t>(n));
        left -= static_cast<std::uint64_t>(n);
    }
}

// The most bytes the file may have: its pinned size, else the cap for unpinned files.
std::uint64_t maxBytesOf(const DownloadRequest& request) {
    return request.size ? *request.size : request.maxUnpinnedBytes;
}

// State shared with libcurl's callbacks during one transfer.
struct Transfer {
    const DownloadRequest* request = nullptr;
    const TransferCallback* progress = nullptr;
    int fd = -1;
    fs::path part;
    Sha256* hash = nullptr;
    std::uint64_t resumedFrom = 0;
    std::uint64_t received = 0;
    std::string writeError;
    bool oversized = false;
    bool cancelled = false;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

extern "C" size_t onData(char* data, size_t, size_t size, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const auto& expected = t->request->size;
    if (t->resumedFrom + t->received + size > maxBytesOf(*t->request)) {
        t->oversized = true;
        t->writeError = t->request->target.filename().string() + ": the server sent more than " +
                        (expected ? "the expected " + std::to_string(*expected) + " bytes"
                                  : "the " + std::to_string(t->request->maxUnpinnedBytes) +
                                        "-byte limit for a file whose size is not pinned") +
                        " (" + t->request->url + "); the partial file was deleted";
        return 0;
    }
    std::size_t written = 0;
    while (written < size) {
        const ssize_t n = ::write(t->fd, data + written, size - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            t->writeError = systemError("cannot write", t->part);
            return 0;
        }
        written += static_cast<std::size_t>(n);
    }
    t->hash->update(data, size);
    t->received += size;
    // The rate limit, for every protocol (libcurl's own limit does not apply to file://).
    if (const auto rate = t->request->maxBytesPerSecond; rate > 0) {
        const auto due = t->started + std::chrono::duration<double>(static_cast<double>(t->received) / rate);
        std::this_thread::sleep_until(std::chrono::time_point_cast<std::chrono::steady_clock::duration>(due));
    }
    return size;
}

extern "C" int onProgress(void* user, curl_off_t total, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    if (!t->progress || !*t->progress) return 0;
    TransferProgress p;
    p.done = t->resumedFrom + t->received;
    if (t->request->size) p.total = t->request->size;
    else if (total > 0) p.total = t->resumedFrom + static_cast<std::uint64_t>(total);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t->started).count();
    p.bytesPerSecond = seconds > 0 ? t->received / seconds : 0;
    if (!(*t->progress)(p)) {
        t->cancelled = true;
        return 1;
    }
    return 0;
}

enum class Outcome { Complete, Cancelled, RangeRefused };

// One libcurl transfer appending to the open .part from `resumeFrom`.
Outcome transfer(Transfer& t) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) throw DownloadError("libcurl: cannot create a transfer");
    char errorBuffer[CURL_ERROR_SIZE] = {};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, t.request->url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "Clipdesk");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);  // give up after a minute without any byte
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onData);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(c, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(t.resumedFrom));
    // Refuses an announced Content-Length over the whole file's limit before any byte arrives
    // (not the room left after a resume: a server that ignores the range sends the whole file,
    // which must end in RangeRefused); onData enforces the exact limit while streaming.
    const std::uint64_t limit = maxBytesOf(*t.request);
    if (limit < static_cast<std::uint64_t>(std::numeric_limits<curl_off_t>::max()))
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limit));
    const CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) return Outcome::Complete;
    if (rc == CURLE_ABORTED_BY_CALLBACK && t.cancelled) return Outcome::Cancelled;
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    // The server cannot continue the .part: it ignores ranges (200 instead of 206), the range
    // starts at or past the end (416), or a file:// source is shorter than the .part.
    if (t.resumedFrom > 0 && t.received == 0 &&
        (rc == CURLE_RANGE_ERROR || rc == CURLE_BAD_DOWNLOAD_RESUME || (rc == CURLE_HTTP_RETURNED_ERROR && status == 416)))
        return Outcome::RangeRefused;
    if (!t.writeError.empty()) throw DownloadError(t.writeError);
    if (rc == CURLE_FILESIZE_EXCEEDED)
        throw DownloadError(t.request->target.filename().string() + ": the server announces more than " +
                            (t.request->size ? "the expected " + std::to_string(*t.request->size) + " bytes"
                                             : "the " + std::to_string(t.request->maxUnpinnedBytes) +
                                                   "-byte limit for a file whose size is not pinned") +
                            " (" + t.request->url + ")");
    std::string message = errorBuffer[0] ? errorBuffer : curl_easy_strerror(rc);
    throw DownloadError(t.request->target.filename().string() + ": download from " + t.request->url + " failed: " + message);
}

}  // namespace

fs::path partFileOf(const fs::path& target) { return fs::path(target.string() + ".part"); }

void syncFolder(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

DownloadResult downloadFile(const DownloadRequest& request, const TransferCallback& progress) {
    initialiseCurlOnce();
    const fs::path part = partFileOf(request.target);
    const std::string name = request.target.filename().string();
    std::error_code ec;
    fs::create_directories(request.target.parent_path(), ec);
    if (ec) throw DownloadError(request.target.parent_path().string() + ": cannot create the folder: " + ec.message());

    FileDescriptor fd(::open(part.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
    if (fd.get() < 0) throw DownloadError(systemError("cannot create the partial download", part));
    std::uint64_t existing = fs::file_size(part, ec);
    if (ec) existing = 0;
    if (existing > maxBytesOf(request)) {  // not a prefix of this file: start over
        if (::ftruncate(fd.get(), 0) != 0) throw DownloadError(systemError("cannot truncate", part));
        existing = 0;
    }

    DownloadResult result;
    for (int attempt = 0;; ++attempt) {
        auto hash = std::make_unique<Sha256>();
        if (existing > 0) hashExisting(part, existing, *hash);
        Transfer t;
        t.request = &request;
        t.progress = &progress;
        t.fd = fd.get();
        t.part = part;
        t.hash = hash.get();
        t.resumedFrom = existing;
        const bool alreadyComplete = request.size && existing == *request.size;
        Outcome outcome = Outcome::Complete;
        try {
            if (!alreadyComplete) outcome = transfer(t);
        } catch (const DownloadError&) {
            if (t.oversized) {
                ::close(fd.release());
                fs::remove(part, ec);
            }
            throw;
        }
        result.transferred += t.received;
        if (outcome == Outcome::Cancelled) {
            ::fsync(fd.get());
            result.cancelled = true;
            return result;
        }
        if (outcome == Outcome::RangeRefused) {
            if (attempt > 0) throw DownloadError(name + ": the server at " + request.url + " cannot resume the download");
            if (::ftruncate(fd.get(), 0) != 0) throw DownloadError(systemError("cannot truncate", part));
            existing = 0;
            continue;
        }
        result.resumedFrom = existing;
        if (::fsync(fd.get()) != 0) throw DownloadError(systemError("cannot write", part));
        ::close(fd.release());
        const std::uint64_t size = existing + t.received;
        auto digest = hash->finish();
        const std::string actual = toHex(digest.data(), digest.size());
        if (request.size && size != *request.size) {
            fs::remove(part, ec);
            throw DownloadError(name + ": size mismatch: expected " + std::to_string(*request.size) + " bytes, got " +
                                std::to_string(size) + " from " + request.url + " (the partial file was deleted)");
        }
        if (actual != request.sha256) {
            fs::remove(part, ec);
            throw DownloadError(name + ": SHA-256 mismatch: expected " + request.sha256 + ", got " + actual + " from " +
                                request.url + " (the partial file was deleted)");
        }
        fs::rename(part, request.target, ec);
        if (ec) throw DownloadError(request.target.string() + ": cannot rename the verified download into place: " + ec.message());
        syncFolder(request.target.parent_path());
        return result;
    }
}

}  // namespace clipdesk
