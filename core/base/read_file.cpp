#include "base/read_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace clipdesk {

std::string readFileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileReadError(path, std::string("cannot open file (") + std::strerror(errno) + ")");
    try {
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (in.bad()) throw FileReadError(path, "read error");
        return bytes;
    } catch (const std::ios_base::failure& error) {  // e.g. the path is a directory
        throw FileReadError(path, std::string("read error (") + error.what() + ")");
    }
}

}  // namespace clipdesk
