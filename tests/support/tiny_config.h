#pragma once
// A CLIP small enough for tests that train or load many times in seconds.

#include "clip/model/clip_config.h"

namespace clipdesk::test {

inline ClipConfig tinyClipConfig() {
    ClipConfig c;
    c.name = "tiny-test";
    c.embedDim = 16;
    c.vision = {32, 8, 32, 2, 2, 128};  // image 32, patch 8, width 32, 2 layers, 2 heads, MLP 128
    c.text.contextLength = 16;
    c.text.vocabSize = 64;
    c.text.width = 32;
    c.text.layers = 2;
    c.text.heads = 2;
    c.text.mlpWidth = 128;
    c.text.sotId = 62;
    c.text.eotId = 63;
    c.preprocess.imageSize = 32;
    return c;
}

}  // namespace clipdesk::test
