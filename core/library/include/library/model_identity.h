#pragma once
// What makes two models' embeddings comparable: the exact weights and the configuration
// (architecture and preprocessing). The identity is SHA-256 over the weights file's SHA-256
// and the configuration JSON; hashing a large weights file is skipped when its path, size
// and mtime match an identity computed before.

#include "clip/model/clip_config.h"

#include <cstdint>
#include <optional>
#include <string>

namespace clipdesk {

struct ModelIdentity {
    std::string identity;      // 64 hex digits
    std::string modelPath;     // what --model named, made absolute (a folder or a weights file)
    std::string weightsPath;
    std::string weightsSha256;
    std::int64_t weightsSize = 0;
    std::int64_t weightsMtimeNs = 0;
    std::string name;          // the configuration's name, for display
    int embedDim = 0;
    int imageSize = 0;
};

// `known`: an identity computed earlier, whose weights hash is reused when the weights file
// is unchanged. Throws std::runtime_error naming the file if it cannot be read.
ModelIdentity identifyModel(const std::string& modelPath, const std::string& weightsPath, const ClipConfig& config,
                            const std::optional<ModelIdentity>& known = std::nullopt);

}  // namespace clipdesk
