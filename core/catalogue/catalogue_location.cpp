#include "catalogue/catalogue_location.h"

#include "base/shipped_models.h"

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
    const auto candidates = shippedModelsCandidates("catalogue.json");
    std::error_code ec;
    std::string searched;
    for (const auto& c : candidates) {
        if (fs::is_regular_file(c, ec)) return c.lexically_normal();
        searched += (searched.empty() ? "" : ", ") + c.lexically_normal().string();
    }
    throw std::runtime_error("model catalogue not found (looked at " + searched + ")");
}

}  // namespace clipdesk
