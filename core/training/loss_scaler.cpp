#include "training/loss_scaler.h"

#include <torch/torch.h>

namespace clipdesk {

LossScaler::LossScaler(bool enabled, double initialScale) : enabled_(enabled), scale_(initialScale) {}

torch::Tensor LossScaler::scaled(const torch::Tensor& loss) const { return enabled_ ? loss * scale_ : loss; }

bool LossScaler::unscaleAndCheck(const std::vector<torch::Tensor>& parameters) {
    if (!enabled_) return true;
    torch::NoGradGuard noGrad;
    // Flags stay on the gradients' device: one synchronisation per step, not one per tensor.
    torch::Tensor nonFinite;
    for (const auto& p : parameters) {
        if (!p.grad().defined()) continue;
        p.grad().div_(scale_);
        const auto bad = torch::isfinite(p.grad()).logical_not().any();
        nonFinite = nonFinite.defined() ? nonFinite.logical_or_(bad) : bad;
    }
    const bool finite = !nonFinite.defined() || !nonFinite.item<bool>();
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
