// Image-encode throughput (batch 1/8/32) and text-encode latency of a CLIP model on this
// machine, per compute precision, plus decode+preprocess time per photo. One JSON line per
// figure on stdout; a readable table on stderr.
//
//   clipdesk-bench-encode --model ../shared/models/clip-synthetic-tinyvit8m16 [--photos DIR]

#include "clip/clip_embedder.h"
#include "clip/model/cpu_runtime.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <iostream>

using namespace clipdesk;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Runs `work` repeatedly for at least `minSeconds` (after one warm-up) and returns the
// per-call times in seconds.
template <typename F>
std::vector<double> timeRepeatedly(F work, double minSeconds, int minRuns) {
    work();
    std::vector<double> times;
    const auto start = Clock::now();
    while (static_cast<int>(times.size()) < minRuns || secondsSince(start) < minSeconds) {
        const auto t = Clock::now();
        work();
        times.push_back(secondsSince(t));
    }
    return times;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void emit(const nlohmann::json& j) { std::cout << j.dump() << std::endl; }

}  // namespace

int main(int argc, char** argv) {
    tuneCpuRuntime(argv);
    CLI::App app{"Clipdesk encode benchmark"};
    std::string modelPath, photos;
    std::vector<std::string> precisions{"fp32", "bf16"};
    std::vector<int> batchSizes{1, 8, 32};
    int threads = 0;
    double seconds = 3.0;
    app.add_option("--model", modelPath, "Model folder or weights file")->required();
    app.add_option("--photos", photos, "Folder of photos for the decode+preprocess figure");
    app.add_option("--precision", precisions, "Compute precisions to measure")->capture_default_str();
    app.add_option("--batch-sizes", batchSizes, "Image batch sizes")->capture_default_str();
    app.add_option("--threads", threads, "Intra-op threads (0 = all cores)");
    app.add_option("--seconds", seconds, "Minimum measuring time per figure")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    torch::manual_seed(0);
    for (const auto& precisionName : precisions) {
        EmbedderOptions options;
        options.threads = threads;
        options.precision = parsePrecision(precisionName);
        auto embedder = ClipEmbedder::open(modelPath, options);
        const int size = embedder->config().vision.imageSize;
        std::cerr << "model " << modelPath << ", " << precisionName << ", " << torch::get_num_threads() << " threads\n";

        for (int batch : batchSizes) {
            options.imageBatchSize = batch;
            const auto pixels = torch::randn({batch, 3, size, size});
            const auto times = timeRepeatedly([&] { embedder->embedPixels(pixels); }, seconds, 3);
            const double imagesPerSecond = batch / median(times);
            std::cerr << "  image encode, batch " << batch << ": " << imagesPerSecond << " images/s\n";
            emit({{"figure", "image_encode"}, {"precision", precisionName}, {"batch", batch},
                  {"images_per_s", imagesPerSecond}, {"runs", times.size()}, {"threads", torch::get_num_threads()}});
        }
        if (embedder->files().vocab) {
            const std::vector<std::string> one{"a photo of a dog playing in the snow"};
            const auto times = timeRepeatedly([&] { embedder->embedTexts(one); }, seconds, 10);
            std::cerr << "  text encode, 1 text: " << 1000 * median(times) << " ms median\n";
            emit({{"figure", "text_encode_latency"}, {"precision", precisionName}, {"ms_p50", 1000 * median(times)},
                  {"runs", times.size()}});
            std::vector<std::string> many(64, one.front());
            const auto batchTimes = timeRepeatedly([&] { embedder->embedTexts(many); }, seconds, 3);
            emit({{"figure", "text_encode_throughput"}, {"precision", precisionName}, {"batch", 64},
                  {"texts_per_s", 64 / median(batchTimes)}});
        }
        if (precisionName != "fp32") {
            EmbedderOptions fp32Options;
            fp32Options.threads = threads;
            auto reference = ClipEmbedder::open(modelPath, fp32Options);
            const auto pixels = torch::randn({16, 3, size, size});
            const auto cosine = torch::cosine_similarity(embedder->embedPixels(pixels), reference->embedPixels(pixels), 1);
            std::cerr << "  agreement with fp32: min cosine " << cosine.min().item<double>() << "\n";
            emit({{"figure", "agreement_with_fp32"}, {"precision", precisionName},
                  {"min_cosine", cosine.min().item<double>()}});
        }
        if (!photos.empty() && precisionName == precisions.front()) {
            std::vector<std::string> files;
            for (const auto& e : std::filesystem::directory_iterator(photos)) {
                std::string ext = e.path().extension().string();
                std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
                if (e.is_regular_file() && (ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp"))
                    files.push_back(e.path().string());
            }
            std::sort(files.begin(), files.end());
            // Full-size decoding (what embed-image does, for exact parity) and reduced-size JPEG
            // decoding down to the model's input size (what indexing does).
            for (const bool reduced : {false, true}) {
                DecodeOptions options;
                if (reduced) options.minShortSide = embedder->preprocessor().config().imageSize;
                const auto times = timeRepeatedly(
                    [&] {
                        for (const auto& f : files) embedder->preprocessor()(embedder->decoder().decodeFile(f, options).image);
                    },
                    seconds, 3);
                const double ms = 1000 * median(times) / std::max<size_t>(1, files.size());
                std::cerr << "  decode + preprocess" << (reduced ? " (reduced-size JPEG decoding)" : "") << ": " << ms
                          << " ms per photo (" << files.size() << " photos, 1 thread)\n";
                emit({{"figure", reduced ? "decode_preprocess_reduced" : "decode_preprocess"}, {"ms_per_photo", ms},
                      {"photos", files.size()}});
            }
        }
    }
    return 0;
}
