#include "catalogue/model_store.h"

#include "base/sha256.h"

#include <cstdlib>
#include <stdexcept>

namespace clipdesk {
namespace fs = std::filesystem;

fs::path defaultModelsDir() {
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data == '/') return fs::path(data) / "clipdesk/models";
    const char* home = std::getenv("HOME");
    if (!home || !*home) throw std::runtime_error("cannot find the data directory: neither XDG_DATA_HOME nor HOME is set");
    return fs::path(home) / ".local/share/clipdesk/models";
}

bool ModelStore::isInstalled(const CatalogueEntry& entry) const {
    std::error_code ec;
    for (const auto& f : entry.files) {
        const auto p = modelDir(entry.id) / f.path;
        if (!fs::is_regular_file(p, ec)) return false;
        if (f.size && fs::file_size(p, ec) != *f.size) return false;
    }
    return true;
}

std::vector<FileCheck> ModelStore::verify(const CatalogueEntry& entry) const {
    std::vector<FileCheck> checks;
    for (const auto& f : entry.files) {
        FileCheck c;
        c.path = f.path;
        c.expectedSha256 = f.sha256;
        const auto p = modelDir(entry.id) / f.path;
        std::error_code ec;
        c.present = fs::is_regular_file(p, ec);
        if (c.present) {
            c.size = fs::file_size(p, ec);
            c.actualSha256 = sha256FileHex(p.string());
            c.ok = c.actualSha256 == f.sha256 && (!f.size || *f.size == c.size);
        }
        checks.push_back(c);
    }
    return checks;
}

}  // namespace clipdesk
