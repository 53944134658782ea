#include "clip/model/layers.h"

#include "model/int8_linear.h"
#include "model/skinny_gemm.h"
#include "model/torch_compat.h"
#include "weights/float_conversion.h"

#include <torch/torch.h>

#include <cmath>

namespace clipdesk {

// LibTorch 1.13's linear runs a matmul and then a separate pass to add the bias; addmm folds
// it into the GEMM. Autocast treats addmm as it treats linear (lower precision).
namespace {

bool onCpuIn(const torch::Tensor& t, torch::ScalarType dtype) { return t.device().is_cpu() && t.scalar_type() == dtype; }

// A text query's few tokens in float32 on the CPU, with no gradient to record and no autocast
// to lower the precision: skinnyGemm reads w (float32, or fp16 as an inference load keeps the
// text tower's weights) once instead of having BLAS repack all of it.
bool fewRowsInFloat32(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
    const bool recording = at::GradMode::is_enabled() && (x.requires_grad() || w.requires_grad() ||
                                                         (b.defined() && b.requires_grad()));
    return x.dim() >= 1 && x.size(-1) > 0 && x.numel() / x.size(-1) <= kSkinnyGemmMaxRows &&
           onCpuIn(x, torch::kFloat) && (onCpuIn(w, torch::kFloat) || onCpuIn(w, torch::kHalf)) && w.dim() == 2 &&
           w.stride(1) == 1 && (!b.defined() || (onCpuIn(b, torch::kFloat) && b.is_contiguous())) && !recording &&
           !torch_compat::autocastEnabled(c10::DeviceType::CPU) && skinnyGemmAvailable();
}

torch::Tensor skinnyLinear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
    const auto inputs = x.size(-1), outputs = w.size(0), rows = x.numel() / inputs;
    TORCH_CHECK(w.size(1) == inputs, "linear: input has ", inputs, " features, weight expects ", w.size(1));
    auto rowsOfX = x.reshape({rows, inputs});
    if (rowsOfX.stride(1) != 1) rowsOfX = rowsOfX.contiguous();
    auto shape = x.sizes().vec();
    shape.back() = outputs;
    auto y = torch::empty(shape, x.options());
    const float* bias = b.defined() ? b.data_ptr<float>() : nullptr;
    if (w.scalar_type() == torch::kHalf)
        skinnyGemm(rowsOfX.data_ptr<float>(), rowsOfX.stride(0), reinterpret_cast<const std::uint16_t*>(w.data_ptr()),
                   w.stride(0), bias, y.data_ptr<float>(), outputs, rows, outputs, inputs);
    else
        skinnyGemm(rowsOfX.data_ptr<float>(), rowsOfX.stride(0), w.data_ptr<float>(), w.stride(0), bias,
                   y.data_ptr<float>(), outputs, rows, outputs, inputs);
    return y;
}

// fp16 weights (kept as stored for inference) meet float32 rows too many for skinnyGemm: the
// BLAS GEMM needs float32 operands (LibTorch 1.13 has no fp16 GEMM on the CPU), so they are
// converted for this call, with F16C, into a temporary. That is one memory-bound pass (2 bytes
// read and 4 written per weight) against one multiply-add per weight and row in the GEMM (at
// least 17 rows here; a batch of prompts has hundreds), and it keeps no float32 copy, which
// would bring back the memory that storing fp16 saves. Autocast, where it is on, then lowers
// the float32 weights as it always did.
torch::Tensor inFloat32IfHalf(const torch::Tensor& w, const torch::Tensor& x) {
    if (!onCpuIn(w, torch::kHalf) || x.scalar_type() == torch::kHalf) return w;
    const auto half = w.contiguous();
    auto out = torch::empty(half.sizes(), half.options().dtype(torch::kFloat));
    halfToFloat(reinterpret_cast<const std::uint16_t*>(half.data_ptr()), out.data_ptr<float>(),
                static_cast<std::size_t>(half.numel()));
    return out;
}

}  // namespace

torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& w32OrHalf, const torch::Tensor& b) {
    if (fewRowsInFloat32(x, w32OrHalf, b)) return skinnyLinear(x, w32OrHalf, b);
    const auto w = inFloat32IfHalf(w32OrHalf, x);
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
