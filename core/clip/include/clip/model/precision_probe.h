#pragma once
// The CPU compute precision of image encoding, chosen by measurement. Whether bf16 autocast
// beats fp32 depends on the CPU and its kernels: on an AVX-512-BF16 Xeon, fp32 (OpenBLAS) was
// faster; on a Zen 5 EPYC, bf16 (oneDNN) encodes images 1.9x as fast. So the image tower is
// timed both ways, the way indexing runs it (one thread, a small batch), on fixed random
// pixels. bf16 is chosen when it is clearly faster and every embedding agrees with fp32's.
// The result is cached per CPU, LibTorch version, model file and shape.

#include "clip/model/autocast_scope.h"
#include "clip/model/clip_model.h"

#include <string>

namespace clipdesk {

// Images per forward pass for one CPU core encoding photos: enough token rows (>= 768) for
// the tower's GEMMs to run at full speed. ViT-B/32 has 50 tokens per image: 16 images ran 8 %
// (fp32) to 14 % (int8) faster than 4 on one AVX2 core; towers with 197+ tokens (B/16, L/14,
// TinyCLIP-8M/16) keep 4, where larger batches measured slower (TinyCLIP: 31, 29, 26 images/s
// at 4, 8, 16).
int cpuImagesPerForward(const VisionTowerConfig& vision);

struct PrecisionProbeOptions {
    int batch = 4;             // images per forward pass (an indexing worker's: cpuImagesPerForward)
    int threads = 1;           // intra-op threads (an indexing worker's)
    double minSeconds = 0.25;  // timing per precision, after one warm-up pass
    double minSpeedup = 1.1;   // bf16 must be this much faster
    double minCosine = 0.9999; // and agree with fp32 this well for every image
    std::string cacheFile;     // empty: no cache
    std::string modelKey;      // identifies the weights in the cache (e.g. path and size)
};

struct PrecisionProbe {
    ComputePrecision chosen = ComputePrecision::Float32;
    double fp32ImagesPerSecond = 0;
    double bf16ImagesPerSecond = 0;  // 0 when bf16 was not timed
    double minCosine = 0;            // bf16 against fp32; 0 when not compared
    std::string reason;              // why `chosen`, in one sentence
    bool fromCache = false;
};

// Whether the CPU has bf16 dot-product instructions (AVX512-BF16 or AMX-BF16).
bool cpuHasBf16Instructions();

// `model` (float32 weights, on the CPU) is left as it was.
PrecisionProbe probeCpuPrecision(ClipModel& model, const ClipConfig& config, const PrecisionProbeOptions& options);

// $XDG_CACHE_HOME/clipdesk/precision.json (~/.cache/...); empty when neither is set.
std::string defaultPrecisionCacheFile();

}  // namespace clipdesk
