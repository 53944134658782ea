#include "model/int8_linear.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/torch.h>

#include <cpuid.h>

namespace clipdesk {
namespace {

// Without VNNI, the int8 kernels multiply uint8 by int8 with vpmaddubsw, whose int16 pair sums
// saturate: inputs are then quantised to 7 bits, as PyTorch's dynamic Linear does.
bool cpuHasVnni() {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    const bool avx512Vnni = (ecx >> 11) & 1;  // CPUID.(EAX=7,ECX=0):ECX[11]
    __get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx);
    const bool avxVnni = (eax >> 4) & 1;  // CPUID.(EAX=7,ECX=1):EAX[4]
    return avx512Vnni || avxVnni;
}

torch::Tensor quantisePerOutputChannel(const torch::Tensor& weight) {
    const auto w = weight.detach().to(torch::kFloat).contiguous();
    const auto scales = (w.abs().amax(1).to(torch::kDouble) / 127.0).clamp_min(1e-12);
    const auto zeroPoints = torch::zeros({w.size(0)}, torch::kLong);
    return at::quantize_per_channel(w, scales, zeroPoints, /*axis=*/0, torch::kQInt8);
}

}  // namespace

Int8Linear::Int8Linear(const torch::Tensor& weight, const torch::Tensor& bias) : reduceRange_(!cpuHasVnni()) {
    static auto prepack = c10::Dispatcher::singleton()
                              .findSchemaOrThrow("quantized::linear_prepack", "")
                              .typed<c10::intrusive_ptr<LinearPackedParamsBase>(at::Tensor, c10::optional<at::Tensor>)>();
    torch::NoGradGuard noGrad;
    c10::optional<at::Tensor> b;
    if (bias.defined()) b = bias.detach().to(torch::kFloat).contiguous();
    packed_ = prepack.call(quantisePerOutputChannel(weight), b);
}

torch::Tensor Int8Linear::forward(const torch::Tensor& x) const {
    auto shape = x.sizes().vec();
    auto rows = x.reshape({-1, x.size(-1)}).to(torch::kFloat).contiguous();
    auto y = packed_->apply_dynamic(rows, reduceRange_);
    shape.back() = y.size(-1);
    return y.view(shape);
}

}  // namespace clipdesk
