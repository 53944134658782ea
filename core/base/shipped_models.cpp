#include "base/shipped_models.h"

namespace clipdesk {
namespace fs = std::filesystem;

std::vector<fs::path> shippedModelsCandidates(const std::string& relative) {
    std::vector<fs::path> candidates;
    std::error_code ec;
    const auto executable = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back(executable.parent_path().parent_path() / "share/clipdesk/models" / relative);
    candidates.push_back(fs::path(CLIPDESK_SOURCE_MODELS_DIR) / relative);
    return candidates;
}

}  // namespace clipdesk
