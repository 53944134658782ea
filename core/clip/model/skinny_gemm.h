#pragma once
// y = x w^T + b for a few rows of x (a text query's handful of tokens), reading w in its own
// row-major layout once. A BLAS GEMM first copies all of w into its packed layout on every
// call, which for so few rows costs several times the arithmetic (measured: 59 % of a query's
// text encode in OpenBLAS's packing, 16 % in its kernel).

#include <cstdint>

namespace clipdesk {

// The most rows of x for which skinnyGemm beats the BLAS GEMM (measured with the text tower's
// shapes; see README "Search latency").
constexpr std::int64_t kSkinnyGemmMaxRows = 16;

// y[m][n] = b[n] + sum_k x[m][k] w[n][k] for m < rows, n < outputs, k < inputs. Rows of x, w
// and y are contiguous, `*Stride` apart; b may be null. Returns false (nothing written) where
// this CPU has neither AVX-512 nor AVX2 with FMA and F16C.
bool skinnyGemm(const float* x, std::int64_t xStride, const float* w, std::int64_t wStride, const float* b, float* y,
                std::int64_t yStride, std::int64_t rows, std::int64_t outputs, std::int64_t inputs);
// The same with w in fp16 (IEEE half bits), converted to float32 as it is read: exact, so the
// values are those of the float32 product over the converted weights, at half the bytes read.
bool skinnyGemm(const float* x, std::int64_t xStride, const std::uint16_t* w, std::int64_t wStride, const float* b,
                float* y, std::int64_t yStride, std::int64_t rows, std::int64_t outputs, std::int64_t inputs);

bool skinnyGemmAvailable();

// The AVX2 kernels even where AVX-512 is present, so that tests on an AVX-512 CPU check them
// too. Returns false (nothing written) where the CPU has no AVX2 with FMA and F16C.
bool skinnyGemmAvx2(const float* x, std::int64_t xStride, const float* w, std::int64_t wStride, const float* b,
                    float* y, std::int64_t yStride, std::int64_t rows, std::int64_t outputs, std::int64_t inputs);
bool skinnyGemmAvx2(const float* x, std::int64_t xStride, const std::uint16_t* w, std::int64_t wStride,
                    const float* b, float* y, std::int64_t yStride, std::int64_t rows, std::int64_t outputs,
                    std::int64_t inputs);

}  // namespace clipdesk
