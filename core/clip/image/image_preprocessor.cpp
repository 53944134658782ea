#include "clip/image/image_preprocessor.h"

#include <torch/types.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace clipdesk {
namespace {

constexpr int kChannels = 3;

// Python's round((side - crop) / 2.0): halves go to the even neighbour.
int centreOffset(int side, int crop) {
    const int twice = side - crop;
    int offset = twice / 2;
    if (twice % 2 != 0 && offset % 2 != 0) ++offset;
    return offset;
}

}  // namespace

ImagePreprocessor::ImagePreprocessor(ImagePreprocessConfig config) : config_(config) {
    if (config_.imageSize <= 0)
        throw std::invalid_argument("ImagePreprocessor: imageSize must be positive, got " +
                                    std::to_string(config_.imageSize));
    // The same float32 operations as torchvision's ToTensor (byte -> float, .div(255)) and
    // Normalize (.sub_(mean[:, None]).div_(std[:, None])), applied once to every byte value.
    const torch::Tensor bytes = torch::arange(256, torch::kInt32).to(torch::kUInt8).repeat({kChannels, 1});
    const torch::Tensor mean = torch::tensor({config_.mean[0], config_.mean[1], config_.mean[2]}, torch::kFloat32);
    const torch::Tensor stdev = torch::tensor({config_.std[0], config_.std[1], config_.std[2]}, torch::kFloat32);
    const torch::Tensor values =
        bytes.to(torch::kFloat32).div(255).sub(mean.view({kChannels, 1})).div(stdev.view({kChannels, 1})).contiguous();
    lookup_.assign(values.data_ptr<float>(), values.data_ptr<float>() + values.numel());
}

ImagePreprocessor::ResizePlan ImagePreprocessor::plan(int width, int height) const {
    if (width <= 0 || height <= 0)
        throw std::invalid_argument("ImagePreprocessor: empty image (" + std::to_string(width) + "x" +
                                    std::to_string(height) + ")");
    const int size = config_.imageSize;
    if (config_.resize == ResizeRule::Stretch) return ResizePlan{size, size, PixelRect{0, 0, size, size}};
    const int shortSide = std::min(width, height);
    const int longSide = std::max(width, height);
    // torchvision: int(size * long / short), a true (double) division truncated.
    const double newLongExact = static_cast<double>(static_cast<std::int64_t>(size) * longSide) / shortSide;
    if (newLongExact >= std::numeric_limits<int>::max())
        throw std::invalid_argument("ImagePreprocessor: aspect ratio too extreme (" + std::to_string(width) + "x" +
                                    std::to_string(height) + ")");
    const int newLong = static_cast<int>(newLongExact);
    ResizePlan p;
    p.resizedWidth = width <= height ? size : newLong;
    p.resizedHeight = width <= height ? newLong : size;
    p.crop = PixelRect{centreOffset(p.resizedWidth, size), centreOffset(p.resizedHeight, size), size, size};
    return p;
}

RgbImage ImagePreprocessor::resizeAndCrop(const RgbImage& image) const {
    const ResizePlan p = plan(image.width, image.height);
    return resizeBicubicPillowRegion(image, p.resizedWidth, p.resizedHeight, p.crop);
}

torch::Tensor ImagePreprocessor::toTensor(const RgbImage& cropped) const {
    if (cropped.empty()) throw std::invalid_argument("ImagePreprocessor::toTensor: empty image");
    torch::Tensor out = torch::empty({kChannels, cropped.height, cropped.width}, torch::kFloat32);
    const std::size_t plane = static_cast<std::size_t>(cropped.width) * cropped.height;
    float* r = out.data_ptr<float>();
    float* g = r + plane;
    float* b = g + plane;
    const float* lutR = lookup_.data();
    const float* lutG = lutR + 256;
    const float* lutB = lutG + 256;
    const std::uint8_t* px = cropped.pixels.data();
    for (std::size_t i = 0; i < plane; ++i, px += kChannels) {
        r[i] = lutR[px[0]];
        g[i] = lutG[px[1]];
        b[i] = lutB[px[2]];
    }
    return out;
}

torch::Tensor ImagePreprocessor::operator()(const RgbImage& image) const { return toTensor(resizeAndCrop(image)); }

torch::Tensor ImagePreprocessor::batch(const std::vector<RgbImage>& images) const {
    const int size = config_.imageSize;
    torch::Tensor out =
        torch::empty({static_cast<std::int64_t>(images.size()), kChannels, size, size}, torch::kFloat32);
    for (std::size_t i = 0; i < images.size(); ++i) out[static_cast<std::int64_t>(i)].copy_((*this)(images[i]));
    return out;
}

}  // namespace clipdesk
