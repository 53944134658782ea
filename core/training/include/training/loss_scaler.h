#pragma once
// Dynamic loss scaling for fp16 training (what torch.cuda.amp.GradScaler does; LibTorch's
// C++ API has none): scale the loss up so small gradients survive fp16, unscale before the
// step, skip steps whose gradients overflowed and lower the scale.

#include <torch/types.h>

#include <vector>

namespace clipdesk {

class LossScaler {
public:
    explicit LossScaler(bool enabled, double initialScale = 65536.0);
    bool enabled() const { return enabled_; }
    double scale() const { return scale_; }
    void setScale(double s) { if (s > 0) scale_ = s; }
    torch::Tensor scaled(const torch::Tensor& loss) const;
    // Divides gradients by the scale; returns false (and lowers the scale) if any is inf/NaN.
    bool unscaleAndCheck(const std::vector<torch::Tensor>& parameters);

private:
    bool enabled_;
    double scale_;
    int goodSteps_ = 0;
};

}  // namespace clipdesk
