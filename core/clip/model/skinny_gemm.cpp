#include "model/skinny_gemm.h"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace clipdesk {
namespace {

#if defined(__x86_64__)

// Weight rows are float32 or fp16 (`std::uint16_t` bits). fp16 converts to float32 exactly
// (vcvtph2ps), so both give the same products; fp16 halves the bytes streamed from memory.
__attribute__((target("avx512f"))) inline __m512 load16(const float* w) { return _mm512_loadu_ps(w); }
__attribute__((target("avx512f"))) inline __m512 load16(const std::uint16_t* w) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w)));
}
// The first `count` (< 16) values, the others zero.
__attribute__((target("avx512f"))) inline __m512 loadFirst16(const float* w, std::int64_t count) {
    return _mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << count) - 1u), w);
}
__attribute__((target("avx512f"))) inline __m512 loadFirst16(const std::uint16_t* w, std::int64_t count) {
    alignas(32) std::uint16_t part[16] = {};
    std::memcpy(part, w, static_cast<std::size_t>(count) * sizeof *w);
    return _mm512_cvtph_ps(_mm256_load_si256(reinterpret_cast<const __m256i*>(part)));
}

__attribute__((target("avx2,f16c"))) inline __m256 load8(const float* w) { return _mm256_loadu_ps(w); }
__attribute__((target("avx2,f16c"))) inline __m256 load8(const std::uint16_t* w) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w)));
}
__attribute__((target("avx2,f16c"))) inline __m256 loadFirst8(const float* w, std::int64_t count) {
    alignas(32) float part[8] = {};
    std::memcpy(part, w, static_cast<std::size_t>(count) * sizeof *w);
    return _mm256_load_ps(part);
}
__attribute__((target("avx2,f16c"))) inline __m256 loadFirst8(const std::uint16_t* w, std::int64_t count) {
    alignas(16) std::uint16_t part[8] = {};
    std::memcpy(part, w, static_cast<std::size_t>(count) * sizeof *w);
    return _mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i*>(part)));
}

// One tile: ROWS rows of x against COLS rows of w, each output a dot product over all inputs.
// The COLS rows of w (at most 4 x 8 KB for the text tower's widest layer) stay in L1 while
// every tile of rows passes over them, so w comes from memory once per call.
template <int ROWS, int COLS, class W>
__attribute__((target("avx512f,fma"))) void tileAvx512(const float* x, std::int64_t xs, const W* w,
                                                      std::int64_t ws, const float* b, float* y, std::int64_t ys,
                                                      std::int64_t inputs) {
    __m512 acc[ROWS][COLS];
#pragma GCC unroll 4
    for (int i = 0; i < ROWS; ++i)
#pragma GCC unroll 4
        for (int j = 0; j < COLS; ++j) acc[i][j] = _mm512_setzero_ps();
    std::int64_t k = 0;
    for (; k + 16 <= inputs; k += 16) {
        __m512 wv[COLS];
#pragma GCC unroll 4
        for (int j = 0; j < COLS; ++j) wv[j] = load16(w + j * ws + k);
#pragma GCC unroll 4
        for (int i = 0; i < ROWS; ++i) {
            const __m512 xv = _mm512_loadu_ps(x + i * xs + k);
#pragma GCC unroll 4
            for (int j = 0; j < COLS; ++j) acc[i][j] = _mm512_fmadd_ps(xv, wv[j], acc[i][j]);
        }
    }
    if (k < inputs) {
        const auto mask = static_cast<__mmask16>((1u << (inputs - k)) - 1u);
        __m512 wv[COLS];
#pragma GCC unroll 4
        for (int j = 0; j < COLS; ++j) wv[j] = loadFirst16(w + j * ws + k, inputs - k);
#pragma GCC unroll 4
        for (int i = 0; i < ROWS; ++i) {
            const __m512 xv = _mm512_maskz_loadu_ps(mask, x + i * xs + k);
#pragma GCC unroll 4
            for (int j = 0; j < COLS; ++j) acc[i][j] = _mm512_fmadd_ps(xv, wv[j], acc[i][j]);
        }
    }
    for (int i = 0; i < ROWS; ++i)
        for (int j = 0; j < COLS; ++j) y[i * ys + j] = _mm512_reduce_add_ps(acc[i][j]) + (b ? b[j] : 0.0f);
}

__attribute__((target("avx2,fma,f16c"))) inline float sumAvx2(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_hadd_ps(s, s);
    s = _mm_hadd_ps(s, s);
    return _mm_cvtss_f32(s);
}

// The same with 8 lanes; 16 vector registers hold 4 x 2 accumulators.
template <int ROWS, int COLS, class W>
__attribute__((target("avx2,fma,f16c"))) void tileAvx2(const float* x, std::int64_t xs, const W* w, std::int64_t ws,
                                                  const float* b, float* y, std::int64_t ys, std::int64_t inputs) {
    __m256 acc[ROWS][COLS];
#pragma GCC unroll 4
    for (int i = 0; i < ROWS; ++i)
#pragma GCC unroll 4
        for (int j = 0; j < COLS; ++j) acc[i][j] = _mm256_setzero_ps();
    std::int64_t k = 0;
    for (; k + 8 <= inputs; k += 8) {
        __m256 wv[COLS];
#pragma GCC unroll 4
        for (int j = 0; j < COLS; ++j) wv[j] = load8(w + j * ws + k);
#pragma GCC unroll 4
        for (int i = 0; i < ROWS; ++i) {
            const __m256 xv = _mm256_loadu_ps(x + i * xs + k);
#pragma GCC unroll 4
            for (int j = 0; j < COLS; ++j) acc[i][j] = _mm256_fmadd_ps(xv, wv[j], acc[i][j]);
        }
    }
    if (k < inputs) {
        const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(inputs - k)), lane);
        __m256 wv[COLS];
#pragma GCC unroll 4
        for (int j = 0; j < COLS; ++j) wv[j] = loadFirst8(w + j * ws + k, inputs - k);
#pragma GCC unroll 4
        for (int i = 0; i < ROWS; ++i) {
            const __m256 xv = _mm256_maskload_ps(x + i * xs + k, mask);
#pragma GCC unroll 4
            for (int j = 0; j < COLS; ++j) acc[i][j] = _mm256_fmadd_ps(xv, wv[j], acc[i][j]);
        }
    }
    for (int i = 0; i < ROWS; ++i)
        for (int j = 0; j < COLS; ++j) y[i * ys + j] = sumAvx2(acc[i][j]) + (b ? b[j] : 0.0f);
}

struct Avx512 {
    static constexpr int kCols = 4;
    template <int R, int C, class W>
    static void tile(const float* x, std::int64_t xs, const W* w, std::int64_t ws, const float* b, float* y,
                     std::int64_t ys, std::int64_t inputs) {
        tileAvx512<R, C>(x, xs, w, ws, b, y, ys, inputs);
    }
};

struct Avx2 {
    static constexpr int kCols = 2;
    template <int R, int C, class W>
    static void tile(const float* x, std::int64_t xs, const W* w, std::int64_t ws, const float* b, float* y,
                     std::int64_t ys, std::int64_t inputs) {
        tileAvx2<R, C>(x, xs, w, ws, b, y, ys, inputs);
    }
};

// Every row of x against COLS rows of w, in tiles of 4 rows and a tail of 1-3.
template <class Isa, int COLS, class W>
void columns(const float* x, std::int64_t xs, const W* w, std::int64_t ws, const float* b, float* y,
             std::int64_t ys, std::int64_t rows, std::int64_t inputs) {
    std::int64_t m = 0;
    for (; m + 4 <= rows; m += 4) Isa::template tile<4, COLS>(x + m * xs, xs, w, ws, b, y + m * ys, ys, inputs);
    const auto* xm = x + m * xs;
    auto* ym = y + m * ys;
    switch (rows - m) {
        case 3: Isa::template tile<3, COLS>(xm, xs, w, ws, b, ym, ys, inputs); break;
        case 2: Isa::template tile<2, COLS>(xm, xs, w, ws, b, ym, ys, inputs); break;
        case 1: Isa::template tile<1, COLS>(xm, xs, w, ws, b, ym, ys, inputs); break;
        default: break;
    }
}

template <class Isa, class W>
void gemm(const float* x, std::int64_t xs, const W* w, std::int64_t ws, const float* b, float* y, std::int64_t ys,
          std::int64_t rows, std::int64_t outputs, std::int64_t inputs) {
    constexpr int kCols = Isa::kCols;
    std::int64_t n = 0;
    for (; n + kCols <= outputs; n += kCols)
        columns<Isa, kCols>(x, xs, w + n * ws, ws, b ? b + n : nullptr, y + n, ys, rows, inputs);
    for (; n < outputs; ++n) columns<Isa, 1>(x, xs, w + n * ws, ws, b ? b + n : nullptr, y + n, ys, rows, inputs);
}

enum class Isa { None, Avx2, Avx512 };

Isa detectIsa() {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return Isa::Avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c"))
        return Isa::Avx2;
    return Isa::None;
}

Isa isa() {
    static const Isa detected = detectIsa();
    return detected;
}

#endif

}  // namespace

bool skinnyGemmAvailable() {
#if defined(__x86_64__)
    return isa() != Isa::None;
#else
    return false;
#endif
}

namespace {

template <class W>
bool run(const float* x, std::int64_t xStride, const W* w, std::int64_t wStride, const float* b, float* y,
         std::int64_t yStride, std::int64_t rows, std::int64_t outputs, std::int64_t inputs, bool avx2Only = false) {
#if defined(__x86_64__)
    const Isa chosen = avx2Only && isa() == Isa::Avx512 ? Isa::Avx2 : isa();
    switch (chosen) {
        case Isa::Avx512: gemm<Avx512>(x, xStride, w, wStride, b, y, yStride, rows, outputs, inputs); return true;
        case Isa::Avx2: gemm<Avx2>(x, xStride, w, wStride, b, y, yStride, rows, outputs, inputs); return true;
        case Isa::None: break;
    }
#endif
    return false;
}

}  // namespace

bool skinnyGemm(const float* x, std::int64_t xStride, const float* w, std::int64_t wStride, const float* b, float* y,
                std::int64_t yStride, std::int64_t rows, std::int64_t outputs, std::int64_t inputs) {
    return run(x, xStride, w, wStride, b, y, yStride, rows, outputs, inputs);
}

bool skinnyGemm(const float* x, std::int64_t xStride, const std::uint16_t* w, std::int64_t wStride, const float* b,
                float* y, std::int64_t yStride, std::int64_t rows, std::int64_t outputs, std::int64_t inputs) {
    return run(x, xStride, w, wStride, b, y, yStride, rows, outputs, inputs);
}

bool skinnyGemmAvx2(const float* x, std::int64_t xStride, const float* w, std::int64_t wStride, const float* b,
                    float* y, std::int64_t yStride, std::int64_t rows, std::int64_t outputs, std::int64_t inputs) {
    return run(x, xStride, w, wStride, b, y, yStride, rows, outputs, inputs, /*avx2Only=*/true);
}

bool skinnyGemmAvx2(const float* x, std::int64_t xStride, const std::uint16_t* w, std::int64_t wStride,
                    const float* b, float* y, std::int64_t yStride, std::int64_t rows, std::int64_t outputs,
                    std::int64_t inputs) {
    return run(x, xStride, w, wStride, b, y, yStride, rows, outputs, inputs, /*avx2Only=*/true);
}

}  // namespace clipdesk
