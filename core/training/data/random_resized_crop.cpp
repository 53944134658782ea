#include "training/data/random_resized_crop.h"

#include "data/seeded_random.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace clipdesk {
namespace {

// Python's int(round(x)): halves go to the even neighbour (the default rounding mode).
int roundHalfEven(double x) { return static_cast<int>(std::nearbyint(x)); }

}  // namespace

PixelRect randomResizedCropBox(int width, int height, const RandomResizedCropOptions& options, std::mt19937_64& rng) {
    if (width <= 0 || height <= 0)
        throw std::invalid_argument("randomResizedCropBox: empty image (" + std::to_string(width) + "x" +
                                    std::to_string(height) + ")");
    const double area = static_cast<double>(width) * height;
    const double logMinRatio = std::log(options.minRatio);
    const double logMaxRatio = std::log(options.maxRatio);
    for (int attempt = 0; attempt < 10; ++attempt) {
        const double targetArea = area * uniformReal(rng, options.minScale, options.maxScale);
        const double aspect = std::exp(uniformReal(rng, logMinRatio, logMaxRatio));
        const int w = roundHalfEven(std::sqrt(targetArea * aspect));
        const int h = roundHalfEven(std::sqrt(targetArea / aspect));
        if (w > 0 && w <= width && h > 0 && h <= height) {
            const int top = static_cast<int>(uniformIndex(rng, static_cast<std::size_t>(height - h + 1)));
            const int left = static_cast<int>(uniformIndex(rng, static_cast<std::size_t>(width - w + 1)));
            return PixelRect{left, top, w, h};
        }
    }
    const double inRatio = static_cast<double>(width) / height;
    int w = width;
    int h = height;
    if (inRatio < options.minRatio) {
        h = roundHalfEven(w / options.minRatio);
    } else if (inRatio > options.maxRatio) {
        w = roundHalfEven(h * options.maxRatio);
    }
    return PixelRect{(width - w) / 2, (height - h) / 2, w, h};
}

RgbImage resizedCrop(const RgbImage& image, const PixelRect& box, int size) {
    if (box.left < 0 || box.top < 0 || box.width <= 0 || box.height <= 0 || box.left + box.width > image.width ||
        box.top + box.height > image.height)
        throw std::invalid_argument("resizedCrop: crop box outside the " + std::to_string(image.width) + "x" +
                                    std::to_string(image.height) + " image");
    RgbImage crop(box.width, box.height);
    const std::size_t rowBytes = static_cast<std::size_t>(box.width) * 3;
    for (int y = 0; y < box.height; ++y)
        std::copy_n(image.row(box.top + y) + static_cast<std::size_t>(box.left) * 3, rowBytes, crop.row(y));
    return resizeBicubicPillow(crop, size, size);
}

}  // namespace clipdesk
