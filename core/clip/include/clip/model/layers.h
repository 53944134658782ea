#pragma once
// The parameterised layers of CLIP's towers, named as in PyTorch (weight, bias) so that
// checkpoints load by name. Unlike torch::nn's, they allocate their parameters without
// initialising them: a checkpoint or the tower's initParameters() writes every value once,
// so loading a model never spends time (and resident memory) on random values it replaces.

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <memory>

namespace clipdesk {

class Int8Linear;

// y = x W^T + b
class LinearImpl : public torch::nn::Module {
public:
    LinearImpl(int64_t in, int64_t out);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight;  // [out, in]
    torch::Tensor bias;    // [out]
    // Set by quantizeLinearLayer (int8_quantization.h), which then releases `weight`.
    std::shared_ptr<const Int8Linear> int8;
};
TORCH_MODULE(Linear);

// Non-overlapping patches to vectors: a convolution whose stride is its kernel, without bias.
class PatchConvImpl : public torch::nn::Module {
public:
    PatchConvImpl(int64_t channels, int64_t width, int64_t patch);
    torch::Tensor forward(const torch::Tensor& pixels);  // [B, C, H, W] -> [B, width, H/patch, W/patch]
    // PyTorch's default for nn.Conv2d, which CLIP keeps for its patch embedding.
    void initParameters();

    torch::Tensor weight;  // [width, channels, patch, patch]

private:
    int64_t patch_;
};
TORCH_MODULE(PatchConv);

class EmbeddingImpl : public torch::nn::Module {
public:
    EmbeddingImpl(int64_t count, int64_t width);
    // Rows of `weight` in its own dtype (a lookup has kernels for every dtype stored).
    torch::Tensor forward(const torch::Tensor& ids);

    torch::Tensor weight;  // [count, width]
};
TORCH_MODULE(Embedding);

// x @ w^T + b. w is float32, or fp16 on the CPU (the text tower's weights as an inference load
// keeps them, see LinearWeightForm). A few rows in float32 without autograd or autocast (a
// text query's tokens) go through skinnyGemm, which reads w in place; otherwise one BLAS GEMM
// (fp16 w converted to float32 for the call), with the bias folded in for [batch, tokens, in]
// inputs.
torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b);

}  // namespace clipdesk
