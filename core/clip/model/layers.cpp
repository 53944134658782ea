#include "clip/model/layers.h"

#include "model/int8_linear.h"
#include "model/skinny_gemm.h"
#include "model/torch_compat.h"

#include <torch/torch.h>

#include <cmath>

namespace clipdesk {

// LibTorch 1.13's linear runs a matmul and then a separate pass to add the bias; addmm folds
// it into the GEMM. Autocast treats addmm as it treats linear (lower precision).
namespace {

// A text query's few tokens in float32 on the CPU, with no gradient to record and no autocast
// to lower the precision: skinnyGemm reads w once instead of having BLAS repack all of it.
bool fewRowsInFloat32(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
    const auto isFloat = [](const torch::Tensor& t) { return t.device().is_cpu() && t.scalar_type() == torch::kFloat; };
    const bool recording = at::GradMode::is_enabled() && (x.requires_grad() || w.requires_grad() ||
                                                         (b.defined() && b.requires_grad()));
    return x.dim() >= 1 && x.size(-1) > 0 && x.numel() / x.size(-1) <= kSkinnyGemmMaxRows && isFloat(x) &&
           isFloat(w) && w.dim() == 2 && w.stride(1) == 1 && (!b.defined() || (isFloat(b) && b.is_contiguous())) &&
           !recording && !torch_compat::autocastEnabled(c10::DeviceType::CPU) && skinnyGemmAvailable();
}

torch::Tensor skinnyLinear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
    const auto inputs = x.size(-1), outputs = w.size(0), rows = x.numel() / inputs;
    TORCH_CHECK(w.size(1) == inputs, "linear: input has ", inputs, " features, weight expects ", w.size(1));
    auto rowsOfX = x.reshape({rows, inputs});
    if (rowsOfX.stride(1) != 1) rowsOfX = rowsOfX.contiguous();
    auto shape = x.sizes().vec();
    shape.back() = outputs;
    auto y = torch::empty(shape, x.options());
    skinnyGemm(rowsOfX.data_ptr<float>(), rowsOfX.stride(0), w.data_ptr<float>(), w.stride(0),
               b.defined() ? b.data_ptr<float>() : nullptr, y.data_ptr<float>(), outputs, rows, outputs, inputs);
    return y;
}

}  // namespace

torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
    if (fewRowsInFloat32(x, w, b)) return skinnyLinear(x, w, b);
    if (x.dim() == 3 && b.defined())
        return at::addmm(b, x.reshape({-1, x.size(2)}), w.t()).view({x.size(0), x.size(1), w.size(0)});
    return torch::nn::functional::linear(x, w, b);
}

LinearImpl::LinearImpl(int64_t in, int64_t out) {
    weight = register_parameter("weight", torch::empty({out, in}));
    bias = register_parameter("bias", torch::empty({out}));
}

torch::Tensor LinearImpl::forward(const torch::Tensor& x) { return int8 ? int8->forward(x) : linear(x, weight, bias); }

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
