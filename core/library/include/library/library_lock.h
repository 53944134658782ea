#pragma once
// One writer at a time: an advisory lock (flock) on the library's indexing.lock, held while
// indexing or forgetting. Readers (search, status) never wait for it. The kernel releases
// it when the process dies, so a killed indexer leaves no stale lock behind.

#include <filesystem>

namespace clipdesk {

class LibraryLock {
public:
    // Returns an unlocked LibraryLock (locked() == false) if another process holds it.
    static LibraryLock tryAcquire(const std::filesystem::path& lockFile);

    LibraryLock() = default;
    LibraryLock(LibraryLock&& other) noexcept;
    LibraryLock& operator=(LibraryLock&& other) noexcept;
    LibraryLock(const LibraryLock&) = delete;
    LibraryLock& operator=(const LibraryLock&) = delete;
    ~LibraryLock();

    bool locked() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

}  // namespace clipdesk
