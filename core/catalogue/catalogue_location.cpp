#include "catalogue/catalogue_location.h"

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace clipdesk {
namespace fs = std::filesystem;

fs::path defaultCatalogueFile() {
    if (const char* env = std::getenv("CLIPDESK_MODEL_CATALOGUE"); env && *env) {
        std::error_code ec;
        if (!fs::is_regular_file(env, ec))
            throw std::runtime_error(std::string(env) + ": no such catalogue file (from $CLIPDESK_MODEL_CATALOGUE)");
        return env;
    }
    std::vector<fs::path> candidates;
    std::error_code ec;
    const auto executable = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back(executable.parent_path().parent_path() / "share/clipdesk/models/catalogue.json");
#ifdef CLIPDESK_SOURCE_MODELS_DIR
    candidates.push_back(fs::path(CLIPDESK_SOURCE_MODELS_DIR) / "catalogue.json");
#endif
    std::string searched;
    for (const auto& c : candidates) {
        if (fs::is_regular_file(c, ec)) return c.lexically_normal();
        searched += (searched.empty() ? "" : ", ") + c.lexically_normal().string();
    }
    throw std::runtime_error("model catalogue not found (looked at " + searched + ")");
}

}  // namespace clipdesk
