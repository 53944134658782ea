#include "weights/float_conversion.h"

#include <c10/util/Half.h>

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace clipdesk {
namespace {

#if defined(__x86_64__)
__attribute__((target("avx,f16c"))) void halfToFloatF16c(const std::uint16_t* in, float* out, std::size_t n) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(out + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i))));
    for (; i < n; ++i) out[i] = c10::detail::fp16_ieee_to_fp32_value(in[i]);
}

bool hasF16c() {
    static const bool has = __builtin_cpu_supports("f16c") && __builtin_cpu_supports("avx");
    return has;
}
#endif

}  // namespace

void halfToFloat(const std::uint16_t* in, float* out, std::size_t n) {
#if defined(__x86_64__)
    if (hasF16c()) return halfToFloatF16c(in, out, n);
#endif
    for (std::size_t i = 0; i < n; ++i) out[i] = c10::detail::fp16_ieee_to_fp32_value(in[i]);
}

void bfloat16ToFloat(const std::uint16_t* in, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t bits = std::uint32_t{in[i]} << 16;  // bf16 is float32's upper half
        std::memcpy(out + i, &bits, sizeof bits);
    }
}

bool allFinite16(const std::uint16_t* bits, std::size_t n, std::uint16_t exponentMask) {
    std::uint16_t any = 0;  // branch-free, so the loop vectorises
    for (std::size_t i = 0; i < n; ++i) any |= static_cast<std::uint16_t>((bits[i] & exponentMask) == exponentMask);
    return any == 0;
}

}  // namespace clipdesk
