#pragma once

#include "clip/image/image_preprocess_config.h"
#include "clip/image/pillow_resize.h"
#include "clip/image/rgb_image.h"

#include <torch/types.h>

#include <vector>

namespace clipdesk {

// CLIP's image transform with torchvision's semantics on a PIL image:
// Resize(imageSize, BICUBIC) -> CenterCrop(imageSize) -> ToTensor -> Normalize(mean, std).
// The result is bit-identical to torchvision for the same 8-bit RGB input.
class ImagePreprocessor {
public:
    explicit ImagePreprocessor(ImagePreprocessConfig config = {});

    const ImagePreprocessConfig& config() const { return config_; }

    // Where the centre crop lies in the resized image: the shorter side becomes imageSize, the
    // longer one floor(imageSize * long / short); the crop is offset by round((side - S) / 2)
    // with Python's round-half-to-even. ResizeRule::Stretch: both sides become imageSize and
    // the crop is the whole image (Chinese-CLIP's Resize((S, S))).
    struct ResizePlan {
        int resizedWidth = 0;
        int resizedHeight = 0;
        PixelRect crop;
    };
    ResizePlan plan(int width, int height) const;

    // Resize + centre crop: an imageSize x imageSize RGB image.
    RgbImage resizeAndCrop(const RgbImage& image) const;
    // x / 255, then (x - mean) / std in float32: [3, S, S] float32.
    torch::Tensor toTensor(const RgbImage& cropped) const;
    // toTensor(resizeAndCrop(image)).
    torch::Tensor operator()(const RgbImage& image) const;
    // [N, 3, S, S] float32 for N images.
    torch::Tensor batch(const std::vector<RgbImage>& images) const;

private:
    ImagePreprocessConfig config_;
    // Normalised value of each byte per channel: [3][256], computed once with LibTorch's own
    // float32 operations so that it matches torchvision exactly.
    std::vector<float> lookup_;
};

}  // namespace clipdesk
