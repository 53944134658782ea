#include "clip/model/precision_probe.h"

#include "base/read_file.h"
#include "clip/model/compute_threads.h"

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>
#include <torch/version.h>

#include <cpuid.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <unistd.h>

namespace clipdesk {

int cpuImagesPerForward(const VisionTowerConfig& vision) {
    const int tokens = std::max(1, vision.tokens());
    return std::clamp((768 + tokens - 1) / tokens, 4, 16);
}

namespace {

using Clock = std::chrono::steady_clock;

std::string cpuBrand() {
    unsigned regs[12] = {};
    unsigned maxLeaf = __get_cpuid_max(0x80000000, nullptr);
    if (maxLeaf < 0x80000004) return "unknown CPU";
    for (unsigned i = 0; i < 3; ++i) __get_cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2], &regs[4 * i + 3]);
    char text[49] = {};
    std::memcpy(text, regs, 48);
    std::string brand(text);
    while (!brand.empty() && brand.back() == ' ') brand.pop_back();
    return brand.empty() ? "unknown CPU" : brand;
}

std::string cacheKey(const ClipConfig& config, const PrecisionProbeOptions& options) {
    const auto& v = config.vision;
    std::ostringstream key;
    key << cpuBrand() << " | LibTorch " << TORCH_VERSION << " | " << options.modelKey << " | ViT " << v.width << "x"
        << v.layers << " patch " << v.patchSize << " @" << v.imageSize << " | batch " << options.batch << ", "
        << options.threads << " thread(s)";
    return key.str();
}

nlohmann::json readCache(const std::string& file) {
    if (file.empty()) return nlohmann::json::object();
    std::string text;
    try {
        text = readFileBytes(file);
    } catch (const FileReadError&) {
        return nlohmann::json::object();
    }
    auto cache = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    return cache.is_object() ? cache : nlohmann::json::object();  // a damaged cache is measured again
}

// Best effort: a cache that can't be written only costs a measurement next time.
void writeCache(const std::string& file, const nlohmann::json& cache) {
    if (file.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path(), ec);
    const std::string temp = file + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::trunc);
        if (!out) return;
        out << cache.dump(2) << '\n';
        if (!out) return;
    }
    std::filesystem::rename(temp, file, ec);
    if (ec) std::filesystem::remove(temp, ec);
}

// The fastest of repeated passes (after a warm-up) in images per second, and the first output.
// A first pass of a second or more (ViT-L/14 in fp32: 4.4 s for 4 images) is its own
// measurement: what a warm-up saves is a small part of it, and repeating it would add seconds
// to the first index run of a large model.
double imagesPerSecond(ClipModel& model, const torch::Tensor& pixels, ComputePrecision precision, double minSeconds,
                       torch::Tensor* output) {
    constexpr double kLongPassSeconds = 1.0;
    AutocastScope autocast(precision, torch::kCPU);
    const auto first = Clock::now();
    *output = model->encodeImage(pixels).to(torch::kFloat);
    const double firstSeconds = std::chrono::duration<double>(Clock::now() - first).count();
    if (firstSeconds >= kLongPassSeconds) return static_cast<double>(pixels.size(0)) / firstSeconds;
    double best = std::numeric_limits<double>::infinity();
    const auto start = Clock::now();
    for (int runs = 0; runs < 2 || std::chrono::duration<double>(Clock::now() - start).count() < minSeconds; ++runs) {
        const auto t = Clock::now();
        model->encodeImage(pixels);
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t).count());
    }
    return static_cast<double>(pixels.size(0)) / best;
}

std::string formatRate(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

}  // namespace

bool cpuHasBf16Instructions() {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx)) return false;
    const bool avx512Bf16 = (eax >> 5) & 1;  // CPUID.(EAX=7,ECX=1):EAX[5]
    __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx);
    const bool amxBf16 = (edx >> 22) & 1;    // CPUID.(EAX=7,ECX=0):EDX[22]
    return avx512Bf16 || amxBf16;
}

std::string defaultPrecisionCacheFile() {
    if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache == '/')
        return (std::filesystem::path(cache) / "clipdesk/precision.json").string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (std::filesystem::path(home) / ".cache/clipdesk/precision.json").string();
    return {};
}

PrecisionProbe probeCpuPrecision(ClipModel& model, const ClipConfig& config, const PrecisionProbeOptions& options) {
    PrecisionProbe probe;
    if (!cpuHasBf16Instructions()) {
        probe.reason = "this CPU has no bf16 instructions, so fp32 is used (--precision int8 indexes faster and changes "
                       "embeddings slightly: see the README's indexing figures)";
        return probe;
    }
    const std::string key = cacheKey(config, options);
    nlohmann::json cache = readCache(options.cacheFile);
    if (auto it = cache.find(key); it != cache.end() && it->is_object()) {
        const auto& entry = *it;
        try {
            probe.chosen = parsePrecision(entry.at("precision").get<std::string>());
            probe.fp32ImagesPerSecond = entry.at("fp32_images_per_s").get<double>();
            probe.bf16ImagesPerSecond = entry.at("bf16_images_per_s").get<double>();
            probe.minCosine = entry.at("min_cosine").get<double>();
            probe.reason = entry.at("reason").get<std::string>();
            probe.fromCache = true;
            if (probe.chosen == ComputePrecision::Float32 || probe.chosen == ComputePrecision::BFloat16) return probe;
        } catch (const std::exception&) {
        }
        probe = PrecisionProbe{};  // an entry of another form: measure again
    }

    c10::InferenceMode inference;
    ScopedComputeThreads threads(options.threads);
    const int size = config.vision.imageSize;
    auto generator = at::detail::createCPUGenerator(/*seed_in=*/20211226);
    const auto pixels = torch::randn({options.batch, 3, size, size}, generator, torch::kFloat);
    torch::Tensor fp32, bf16;
    probe.fp32ImagesPerSecond = imagesPerSecond(model, pixels, ComputePrecision::Float32, options.minSeconds, &fp32);
    probe.bf16ImagesPerSecond = imagesPerSecond(model, pixels, ComputePrecision::BFloat16, options.minSeconds, &bf16);
    probe.minCosine = torch::nn::functional::cosine_similarity(fp32, bf16, torch::nn::functional::CosineSimilarityFuncOptions().dim(1))
                          .min()
                          .item<double>();
    const double speedup = probe.bf16ImagesPerSecond / probe.fp32ImagesPerSecond;
    const std::string figures = "bf16 " + formatRate(probe.bf16ImagesPerSecond) + " images/s, fp32 " +
                                formatRate(probe.fp32ImagesPerSecond) + " images/s, agreement cosine " +
                                std::to_string(probe.minCosine);
    if (!(probe.minCosine >= options.minCosine)) {
        probe.reason = "bf16 embeddings disagree with fp32 (" + figures + "), so fp32 is used";
    } else if (speedup < options.minSpeedup) {
        probe.reason = "bf16 is not clearly faster on this CPU (" + figures + "), so fp32 is used";
    } else {
        probe.chosen = ComputePrecision::BFloat16;
        probe.reason = "bf16 is faster on this CPU and agrees with fp32 (" + figures + ")";
    }
    cache[key] = {{"precision", precisionName(probe.chosen)},
                  {"fp32_images_per_s", probe.fp32ImagesPerSecond},
                  {"bf16_images_per_s", probe.bf16ImagesPerSecond},
                  {"min_cosine", probe.minCosine},
                  {"reason", probe.reason}};
    writeCache(options.cacheFile, cache);
    return probe;
}

}  // namespace clipdesk
