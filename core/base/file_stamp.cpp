#include "base/file_stamp.h"

namespace clipdesk {

FileStamp fileStamp(const struct stat& st) {
    return {static_cast<std::int64_t>(st.st_size), std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::optional<FileStamp> statFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return fileStamp(st);
}

}  // namespace clipdesk
