#pragma once
// A file's size and modification time, as the library records them to notice changes.

#include <sys/stat.h>

#include <cstdint>
#include <optional>
#include <string>

namespace clipdesk {

struct FileStamp {
    std::int64_t size = 0;
    std::int64_t mtimeNs = 0;  // nanoseconds since the epoch

    bool operator==(const FileStamp& o) const { return size == o.size && mtimeNs == o.mtimeNs; }
    bool operator!=(const FileStamp& o) const { return !(*this == o); }
};

FileStamp fileStamp(const struct stat& st);
// The stamp of `path` (following links); nullopt when it cannot be stat'ed.
std::optional<FileStamp> statFile(const std::string& path);

}  // namespace clipdesk
