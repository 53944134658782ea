#include "data/text_file.h"

#include "base/read_file.h"
#include "data/pairs_file_error.h"

namespace clipdesk {

std::string readTextFile(const std::string& path) {
    try {
        return readFileBytes(path);
    } catch (const FileReadError& e) {
        throw PairsFileError(path, 0, e.reason());
    }
}

}  // namespace clipdesk
