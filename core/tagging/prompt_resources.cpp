#include "tagging/prompt_resources.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace clipdesk {
namespace fs = std::filesystem;
namespace {

std::vector<fs::path> candidates() {
    std::vector<fs::path> out;
    std::error_code ec;
    const auto executable = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) out.push_back(executable.parent_path().parent_path() / "share/clipdesk/prompts");
#ifdef CLIPDESK_SOURCE_PROMPTS_DIR
    out.emplace_back(CLIPDESK_SOURCE_PROMPTS_DIR);
#endif
    return out;
}

}  // namespace

std::optional<fs::path> promptResourceDir() {
    std::error_code ec;
    for (const auto& c : candidates())
        if (fs::is_directory(c / "templates", ec)) return c.lexically_normal();
    return std::nullopt;
}

fs::path promptResource(const fs::path& relative) {
    std::string searched;
    std::error_code ec;
    for (const auto& c : candidates()) {
        const auto p = (c / relative).lexically_normal();
        if (fs::is_regular_file(p, ec)) return p;
        searched += (searched.empty() ? "" : ", ") + p.string();
    }
    throw std::runtime_error("built-in prompt file " + relative.string() + " not found (looked at " + searched + ")");
}

}  // namespace clipdesk
