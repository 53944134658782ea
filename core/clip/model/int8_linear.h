#pragma once
// A linear layer in int8 with dynamic quantisation (Jacob et al. 2018; PyTorch's
// quantize_dynamic): the weights are quantised once, symmetrically per output channel, and
// packed for the engine; each call quantises its input with one scale from that input's range,
// multiplies in int8 with int32 accumulation and returns float32. LibTorch's
// quantized::linear_prepack / linear_dynamic on the engine int8QuantizedEngine() chose
// (FBGEMM or oneDNN, whichever this LibTorch has).

#include <ATen/native/quantized/PackedParams.h>
#include <torch/types.h>

namespace clipdesk {

class Int8Linear {
public:
    // weight: float32 [out, in]; bias: float32 [out] or undefined.
    Int8Linear(const torch::Tensor& weight, const torch::Tensor& bias);
    torch::Tensor forward(const torch::Tensor& x) const;  // float32 [..., in] -> [..., out]

private:
    c10::intrusive_ptr<LinearPackedParamsBase> packed_;
    bool reduceRange_ = true;
};

}  // namespace clipdesk
