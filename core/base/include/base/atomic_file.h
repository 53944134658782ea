#pragma once
// Replacing a file so that a reader, a crash or a power cut sees either the old or the new
// contents, never a mix: write a temporary file in the same directory, fsync it, rename it
// over the target, fsync the directory. A replaced file keeps its permission bits; a new one
// is 0644. The writer holds an flock on its temporary until it is renamed or removed, which
// tells a live writer's temporary from one a killed writer left behind.

#include <cstdio>
#include <filesystem>
#include <string>

namespace clipdesk {

class AtomicFileWriter {
public:
    // Creates "<dir>/.<name>.XXXXXX". Throws std::runtime_error naming the target.
    explicit AtomicFileWriter(std::filesystem::path target);
    ~AtomicFileWriter();  // removes the temporary file unless committed
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    std::FILE* file() { return file_; }
    void write(const void* data, std::size_t size);
    // Flushes, fsyncs, renames over the target and fsyncs the directory.
    void commit();

private:
    [[noreturn]] void fail(const std::string& what) const;

    std::filesystem::path target_;
    std::string tempPath_;
    std::FILE* file_ = nullptr;
    bool committed_ = false;
};

void writeFileAtomically(const std::filesystem::path& target, const std::string& contents);

// Removes the "<dir>/.<name>.XXXXXX" temporaries of `target` that a killed writer left behind
// (a SIGKILL mid-write leaves a full-size one): only regular files of exactly that name
// pattern, not locked by a live AtomicFileWriter and not modified in the last
// kAbandonedTemporaryAgeSeconds (a writer that has just created its file but not locked it
// yet). Safe beside other writers of the same target; returns how many were removed.
constexpr int kAbandonedTemporaryAgeSeconds = 2;
int removeAbandonedTemporaries(const std::filesystem::path& target);

}  // namespace clipdesk
