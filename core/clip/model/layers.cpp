#include "clip/model/layers.h"

#include <torch/torch.h>

#include <cmath>

namespace clipdesk {

// LibTorch 1.13's linear runs a matmul and then a separate pass to add the bias; addmm folds
// it into the GEMM. Autocast treats addmm as it treats linear (lower precision).
torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
    if (x.dim() == 3 && b.defined())
        return at::addmm(b, x.reshape({-1, x.size(2)}), w.t()).view({x.size(0), x.size(1), w.size(0)});
    return torch::nn::functional::linear(x, w, b);
}

LinearImpl::LinearImpl(int64_t in, int64_t out) {
    weight = register_parameter("weight", torch::empty({out, in}));
    bias = register_parameter("bias", torch::empty({out}));
}

torch::Tensor LinearImpl::forward(const torch::Tensor& x) { return linear(x, weight, bias); }

PatchConvImpl::PatchConvImpl(int64_t channels, int64_t width, int64_t patch) : patch_(patch) {
    weight = register_parameter("weight", torch::empty({width, channels, patch, patch}));
}

torch::Tensor PatchConvImpl::forward(const torch::Tensor& pixels) {
    return torch::conv2d(pixels, weight, {}, /*stride=*/patch_);
}

void PatchConvImpl::initParameters() {
    torch::NoGradGuard noGrad;
    torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
}

EmbeddingImpl::EmbeddingImpl(int64_t count, int64_t width) {
    weight = register_parameter("weight", torch::empty({count, width}));
}

torch::Tensor EmbeddingImpl::forward(const torch::Tensor& ids) { return torch::embedding(weight, ids); }

}  // namespace clipdesk
