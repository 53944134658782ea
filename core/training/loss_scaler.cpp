#include "training/loss_scaler.h"

#include <torch/torch.h>

namespace clipdesk {

LossScaler::LossScaler(bool enabled, double initialScale) : enabled_(enabled), scale_(initialScale) {}

torch::Tensor LossScaler::scaled(const torch::Tensor& loss) const { return enabled_ ? loss * scale_ : loss; }

bool LossScaler::unscaleAndCheck(const std::vector<torch::Tensor>& parameters) {
    if (!enabled_) return true;
    torch::NoGradGuard noGrad;
    bool finite = true;
    for (const auto& p : parameters) {
        if (!p.grad().defined()) continue;
        p.grad().div_(scale_);
        if (finite && !torch::isfinite(p.grad()).all().item<bool>()) finite = false;
    }
    if (!finite) {
        scale_ = std::max(1.0, scale_ / 2);
        goodSteps_ = 0;
        return false;
    }
    if (++goodSteps_ == 2000) {
        scale_ *= 2;
        goodSteps_ = 0;
    }
    return true;
}

}  // namespace clipdesk
