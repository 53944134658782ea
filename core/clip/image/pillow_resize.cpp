#include "clip/image/pillow_resize.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

// Reimplements Pillow's src/libImaging/Resample.c (ImagingResample with the BICUBIC filter,
// 8 bits per channel). Integer sums are exact, so the vectorised loops below give the same
// bytes as Pillow's scalar loops whatever order they add in.

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// The horizontal pass (most of the work when downscaling) has an AVX2 kernel, chosen at run time.
#define CLIPDESK_HAVE_AVX2_DISPATCH 1
#include <immintrin.h>
#else
#define CLIPDESK_HAVE_AVX2_DISPATCH 0
#endif

namespace clipdesk {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;  // Pillow's PRECISION_BITS
constexpr std::int32_t kHalf = std::int32_t{1} << (kPrecisionBits - 1);
constexpr int kRgbChannels = 3;
// The horizontal pass reads source pixels in blocks of this many taps (24 bytes of RGB).
constexpr int kTapBlock = 8;

double bicubicFilter(double x) {
    constexpr double a = -0.5;
    if (x < 0.0) x = -x;
    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

std::uint8_t clip8(std::int32_t sum) { return static_cast<std::uint8_t>(std::clamp(sum >> kPrecisionBits, 0, 255)); }

// Pillow's precompute_coeffs + normalize_coeffs_8bpc, for output positions [first, first + count).
struct AxisCoefficients {
    int taps = 0;  // coefficient slots per output position (Pillow's ksize)
    std::vector<int> start;  // first input index used by each output position
    std::vector<int> count;  // number of inputs used by each output position
    std::vector<std::int32_t> weights;  // `taps` fixed-point weights per output position
};

AxisCoefficients computeCoefficients(int inSize, int outSize, int first, int count) {
    constexpr double filterSupport = 2.0;  // bicubic
    const double scale = static_cast<double>(inSize) / outSize;
    const double filterScale = std::max(scale, 1.0);
    const double support = filterSupport * filterScale;
    const double ss = 1.0 / filterScale;

    AxisCoefficients c;
    c.taps = static_cast<int>(std::ceil(support)) * 2 + 1;
    c.start.resize(count);
    c.count.resize(count);
    c.weights.assign(static_cast<std::size_t>(count) * c.taps, 0);
    std::vector<double> k(c.taps);
    for (int i = 0; i < count; ++i) {
        const double center = (first + i + 0.5) * scale;
        const int xmin = std::max(static_cast<int>(center - support + 0.5), 0);
        const int xmax = std::min(static_cast<int>(center + support + 0.5), inSize) - xmin;
        double sum = 0.0;
        for (int x = 0; x < xmax; ++x) {
            k[x] = bicubicFilter((x + xmin - center + 0.5) * ss);
            sum += k[x];
        }
        std::int32_t* w = &c.weights[static_cast<std::size_t>(i) * c.taps];
        for (int x = 0; x < xmax; ++x) {
            const double v = sum != 0.0 ? k[x] / sum : k[x];
            w[x] =
                static_cast<std::int32_t>(v < 0 ? -0.5 + v * (1 << kPrecisionBits) : 0.5 + v * (1 << kPrecisionBits));
        }
        c.start[i] = xmin;
        c.count[i] = xmax;
    }
    return c;
}

// Horizontal weights laid out for the vectorised pass: each output column reads a fixed
// window of `blockTaps` source pixels starting at windowStart, which is moved left where it
// would run past the row end (the extra weights are zero); each weight is repeated for R, G, B.
struct HorizontalWindows {
    int blockTaps = 0;  // multiple of kTapBlock
    std::vector<int> windowStart;
    std::vector<std::int32_t> weights;  // 3 * blockTaps per output column
};

int blockTapsFor(const AxisCoefficients& c) { return (c.taps + kTapBlock - 1) / kTapBlock * kTapBlock; }

// Needs inSize >= blockTapsFor(c).
HorizontalWindows makeWindows(const AxisCoefficients& c, int inSize) {
    HorizontalWindows h;
    h.blockTaps = blockTapsFor(c);
    const std::size_t columns = c.start.size();
    h.windowStart.resize(columns);
    h.weights.assign(columns * kRgbChannels * h.blockTaps, 0);
    for (std::size_t i = 0; i < columns; ++i) {
        const int start = std::min(c.start[i], inSize - h.blockTaps);
        const int shift = c.start[i] - start;
        h.windowStart[i] = start;
        std::int32_t* w = &h.weights[i * kRgbChannels * h.blockTaps];
        for (int x = 0; x < c.count[i]; ++x)
            for (int ch = 0; ch < kRgbChannels; ++ch) w[(shift + x) * kRgbChannels + ch] = c.weights[i * c.taps + x];
    }
    return h;
}

#if CLIPDESK_HAVE_AVX2_DISPATCH
__attribute__((target("avx2"))) inline __m256i widen8(const std::uint8_t* p) {
    return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}

__attribute__((target("avx2"))) inline __m256i load8(const std::int32_t* w) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w));
}

// Three 8-lane accumulators take 24 consecutive bytes (8 taps of R, G, B) per step, so
// lane i of accumulator a always holds channel (8a + i) % 3.
__attribute__((target("avx2"))) void horizontalPassAvx2(const std::uint8_t* src, std::size_t srcStride, int rows,
                                                        std::uint8_t* dst, std::size_t dstStride,
                                                        const HorizontalWindows& h) {
    const int columns = static_cast<int>(h.windowStart.size());
    const int span = kRgbChannels * h.blockTaps;
    alignas(32) std::int32_t lanes[3 * kTapBlock];
    for (int y = 0; y < rows; ++y) {
        const std::uint8_t* row = src + y * srcStride;
        std::uint8_t* out = dst + y * dstStride;
        for (int xx = 0; xx < columns; ++xx) {
            const std::uint8_t* p = row + static_cast<std::size_t>(h.windowStart[xx]) * kRgbChannels;
            const std::int32_t* w = &h.weights[static_cast<std::size_t>(xx) * span];
            __m256i acc0 = _mm256_setzero_si256(), acc1 = acc0, acc2 = acc0;
            for (int j = 0; j < span; j += 3 * kTapBlock) {
                acc0 = _mm256_add_epi32(acc0, _mm256_mullo_epi32(widen8(p + j), load8(w + j)));
                acc1 = _mm256_add_epi32(acc1, _mm256_mullo_epi32(widen8(p + j + 8), load8(w + j + 8)));
                acc2 = _mm256_add_epi32(acc2, _mm256_mullo_epi32(widen8(p + j + 16), load8(w + j + 16)));
            }
            _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), acc0);
            _mm256_store_si256(reinterpret_cast<__m256i*>(lanes + 8), acc1);
            _mm256_store_si256(reinterpret_cast<__m256i*>(lanes + 16), acc2);
            std::int32_t sums[kRgbChannels] = {kHalf, kHalf, kHalf};
            for (int i = 0; i < 3 * kTapBlock; i += kRgbChannels) {
                sums[0] += lanes[i];
                sums[1] += lanes[i + 1];
                sums[2] += lanes[i + 2];
            }
            for (int ch = 0; ch < kRgbChannels; ++ch) out[xx * kRgbChannels + ch] = clip8(sums[ch]);
        }
    }
}

bool cpuHasAvx2() {
    static const bool has = __builtin_cpu_supports("avx2");
    return has;
}
#endif

// Pillow's ImagingResampleHorizontal_8bpc loop: without AVX2, or for rows narrower than a window.
void horizontalPassScalar(const std::uint8_t* src, std::size_t srcStride, int rows, std::uint8_t* dst,
                          std::size_t dstStride, const AxisCoefficients& c) {
    const int columns = static_cast<int>(c.start.size());
    for (int y = 0; y < rows; ++y) {
        const std::uint8_t* row = src + y * srcStride;
        std::uint8_t* out = dst + y * dstStride;
        for (int xx = 0; xx < columns; ++xx) {
            const std::int32_t* w = &c.weights[static_cast<std::size_t>(xx) * c.taps];
            const std::uint8_t* p = row + static_cast<std::size_t>(c.start[xx]) * kRgbChannels;
            std::int32_t s0 = kHalf, s1 = kHalf, s2 = kHalf;
            for (int x = 0; x < c.count[xx]; ++x, p += kRgbChannels) {
                s0 += p[0] * w[x];
                s1 += p[1] * w[x];
                s2 += p[2] * w[x];
            }
            out[xx * kRgbChannels + 0] = clip8(s0);
            out[xx * kRgbChannels + 1] = clip8(s1);
            out[xx * kRgbChannels + 2] = clip8(s2);
        }
    }
}

// Pillow's ImagingResampleVertical_8bpc: output row i mixes source rows c.start[i] + k.
void verticalPass(const std::uint8_t* src, std::size_t srcStride, int rowBytes, std::uint8_t* dst,
                  std::size_t dstStride, const AxisCoefficients& c) {
    std::vector<std::int32_t> acc(rowBytes);
    const int rows = static_cast<int>(c.start.size());
    for (int yy = 0; yy < rows; ++yy) {
        std::fill(acc.begin(), acc.end(), kHalf);
        const std::int32_t* w = &c.weights[static_cast<std::size_t>(yy) * c.taps];
        std::int32_t* a = acc.data();
        for (int k = 0; k < c.count[yy]; ++k) {
            const std::uint8_t* row = src + static_cast<std::size_t>(c.start[yy] + k) * srcStride;
            const std::int32_t weight = w[k];
            for (int i = 0; i < rowBytes; ++i) a[i] += static_cast<std::int32_t>(row[i]) * weight;
        }
        std::uint8_t* out = dst + yy * dstStride;
        for (int i = 0; i < rowBytes; ++i) out[i] = clip8(a[i]);
    }
}

void copyRegion(const RgbImage& src, const PixelRect& r, RgbImage& dst) {
    for (int y = 0; y < r.height; ++y) {
        const std::uint8_t* from = src.row(r.top + y) + static_cast<std::size_t>(r.left) * kRgbChannels;
        std::copy(from, from + static_cast<std::size_t>(r.width) * kRgbChannels, dst.row(y));
    }
}

}  // namespace

RgbImage resizeBicubicPillowRegion(const RgbImage& src, int outW, int outH, const PixelRect& region) {
    if (src.empty()) throw std::invalid_argument("resizeBicubicPillow: empty source image");
    if (outW <= 0 || outH <= 0)
        throw std::invalid_argument("resizeBicubicPillow: output size must be positive, got " + std::to_string(outW) +
                                    "x" + std::to_string(outH));
    if (region.left < 0 || region.top < 0 || region.width <= 0 || region.height <= 0 ||
        region.left + region.width > outW || region.top + region.height > outH)
        throw std::invalid_argument("resizeBicubicPillow: region outside the output image");

    RgbImage out(region.width, region.height);
    // Pillow runs a pass only when that dimension changes.
    const bool needHorizontal = outW != src.width;
    const bool needVertical = outH != src.height;
    if (!needHorizontal && !needVertical) {
        copyRegion(src, region, out);
        return out;
    }

    const std::size_t srcStride = static_cast<std::size_t>(src.width) * kRgbChannels;
    const std::size_t outStride = static_cast<std::size_t>(out.width) * kRgbChannels;
    if (!needHorizontal) {
        const AxisCoefficients vert = computeCoefficients(src.height, outH, region.top, region.height);
        verticalPass(src.pixels.data() + static_cast<std::size_t>(region.left) * kRgbChannels, srcStride,
                     region.width * kRgbChannels, out.pixels.data(), outStride, vert);
        return out;
    }

    const AxisCoefficients horiz = computeCoefficients(src.width, outW, region.left, region.width);
    int firstRow = region.top;
    int rowCount = region.height;
    AxisCoefficients vert;
    if (needVertical) {
        vert = computeCoefficients(src.height, outH, region.top, region.height);
        // Only the source rows the vertical pass reads go through the horizontal pass.
        firstRow = vert.start.front();
        rowCount = vert.start.back() + vert.count.back() - firstRow;
        for (int& s : vert.start) s -= firstRow;
    }

    RgbImage temp = needVertical ? RgbImage(region.width, rowCount) : RgbImage();
    const std::uint8_t* rowsIn = src.pixels.data() + static_cast<std::size_t>(firstRow) * srcStride;
    std::uint8_t* rowsOut = needVertical ? temp.pixels.data() : out.pixels.data();
#if CLIPDESK_HAVE_AVX2_DISPATCH
    if (cpuHasAvx2() && src.width >= blockTapsFor(horiz))
        horizontalPassAvx2(rowsIn, srcStride, rowCount, rowsOut, outStride, makeWindows(horiz, src.width));
    else
#endif
        horizontalPassScalar(rowsIn, srcStride, rowCount, rowsOut, outStride, horiz);

    if (needVertical)
        verticalPass(temp.pixels.data(), outStride, region.width * kRgbChannels, out.pixels.data(), outStride, vert);
    return out;
}

RgbImage resizeBicubicPillow(const RgbImage& src, int outW, int outH) {
    return resizeBicubicPillowRegion(src, outW, outH, PixelRect{0, 0, outW, outH});
}

}  // namespace clipdesk
