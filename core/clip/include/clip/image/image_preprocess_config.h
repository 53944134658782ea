#pragma once

#include <array>

namespace clipdesk {

// How the photo becomes imageSize x imageSize: CLIP's shorter side to imageSize then a centre
// crop, or Chinese-CLIP's straight resize of both sides (the aspect ratio is not kept).
enum class ResizeRule { ShorterSideCentreCrop, Stretch };

// CLIP's image transform: resize (bicubic, Pillow semantics) by `resize`, /255,
// (x - mean) / std, CHW float.
struct ImagePreprocessConfig {
    int imageSize = 224;
    ResizeRule resize = ResizeRule::ShorterSideCentreCrop;
    std::array<float, 3> mean{0.48145466f, 0.4578275f, 0.40821073f};
    std::array<float, 3> std{0.26862954f, 0.26130258f, 0.27577711f};
};

}  // namespace clipdesk
