#pragma once
// The reader's conversions of 16-bit floats (fp16, bf16) to float32 and its finiteness test on
// their bits. LibTorch 1.13 converts fp16 one element at a time; F16C (every x86-64 CPU since
// 2012) converts eight per instruction, which makes loading an fp16 checkpoint several times
// faster.

#include <cstddef>
#include <cstdint>

namespace clipdesk {

void halfToFloat(const std::uint16_t* in, float* out, std::size_t n);
void bfloat16ToFloat(const std::uint16_t* in, float* out, std::size_t n);

// True if no value is NaN or infinite: exponent bits (`exponentMask`: 0x7C00 for fp16, 0x7F80
// for bf16) not all set.
bool allFinite16(const std::uint16_t* bits, std::size_t n, std::uint16_t exponentMask);

}  // namespace clipdesk
