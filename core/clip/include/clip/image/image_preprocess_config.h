#pragma once

#include <array>

namespace clipdesk {

// CLIP's image transform: shorter side -> imageSize (bicubic, Pillow semantics),
// centre crop imageSize x imageSize, /255, (x - mean) / std, CHW float.
struct ImagePreprocessConfig {
    int imageSize = 224;
    std::array<float, 3> mean{0.48145466f, 0.4578275f, 0.40821073f};
    std::array<float, 3> std{0.26862954f, 0.26130258f, 0.27577711f};
};

}  // namespace clipdesk
