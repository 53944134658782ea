#pragma once
// CLIP's training augmentation (open_clip: RandomResizedCrop(size, scale=(0.9, 1.0),
// interpolation=BICUBIC)), with torchvision's semantics on a PIL image.

#include "clip/image/pillow_resize.h"
#include "clip/image/rgb_image.h"

#include <random>

namespace clipdesk {

struct RandomResizedCropOptions {
    double minScale = 0.9;  // fraction of the image area the crop covers
    double maxScale = 1.0;
    double minRatio = 3.0 / 4.0;  // crop width / height, drawn log-uniformly
    double maxRatio = 4.0 / 3.0;
};

// torchvision's RandomResizedCrop.get_params: up to ten tries at a box of random area and
// aspect ratio that fits, placed uniformly; then the centre crop closest to the allowed
// ratios. The draws come from `rng` (seeded_random.h), not from torch's generator.
PixelRect randomResizedCropBox(int width, int height, const RandomResizedCropOptions& options, std::mt19937_64& rng);

// torchvision's resized_crop on a PIL image: crop `box`, then resize to size x size with
// Pillow's bicubic filter. Throws std::invalid_argument when `box` is not inside the image.
RgbImage resizedCrop(const RgbImage& image, const PixelRect& box, int size);

}  // namespace clipdesk
