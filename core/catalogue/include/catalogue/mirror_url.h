#pragma once
// A mirror serves the catalogue's files under BASE/<host>/<path>: with BASE
// "file:///srv/clip" the URL https://openaipublic.azureedge.net/clip/models/x/ViT-B-32.pt is
// read from /srv/clip/openaipublic.azureedge.net/clip/models/x/ViT-B-32.pt. The same
// layout works for an in-house HTTP server (BASE "http://models.lan/clip").

#include <string>

namespace clipdesk {

// `url` as served by the mirror at `base` (trailing '/' ignored); `url` itself when `base`
// is empty. Throws std::invalid_argument for a URL without "scheme://host".
std::string mirroredUrl(const std::string& url, const std::string& base);

// $CLIPDESK_MODEL_MIRROR, or "" when unset.
std::string mirrorFromEnvironment();

}  // namespace clipdesk
