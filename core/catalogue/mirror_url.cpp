#include "catalogue/mirror_url.h"

#include <cstdlib>
#include <stdexcept>

namespace clipdesk {

std::string mirroredUrl(const std::string& url, const std::string& base) {
    if (base.empty()) return url;
    const auto scheme = url.find("://");
    if (scheme == std::string::npos || scheme == 0) throw std::invalid_argument(url + ": not a URL (expected scheme://host/path)");
    const std::string rest = url.substr(scheme + 3);
    const auto slash = rest.find('/');
    std::string host = rest.substr(0, slash);
    if (const auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);  // no credentials
    if (host.empty()) throw std::invalid_argument(url + ": the URL has no host");
    const std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
    std::string b = base;
    while (!b.empty() && b.back() == '/') b.pop_back();
    return b + "/" + host + path;
}

std::string mirrorFromEnvironment() {
    const char* env = std::getenv("CLIPDESK_MODEL_MIRROR");
    return env ? env : "";
}

}  // namespace clipdesk
