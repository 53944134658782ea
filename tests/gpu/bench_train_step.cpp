// Training throughput of ClipTrainer::step on random data, printed as one JSON line.
// tests/gpu/throughput.py runs it beside a PyTorch eager loop of the same model.
//   bench_train_step --shape tinyclip-8m|vit-b-32 [--batch 256] [--steps 20] [--warmup 5]
//                    [--precision bf16|fp16|fp32] [--device cuda]

#include "clip/model/torch_compat.h"
#include "training/clip_trainer.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

using namespace clipdesk;

namespace {

ClipConfig shape(const std::string& name) {
    ClipConfig c;
    c.name = name;
    c.embedDim = 512;
    c.activation = Activation::QuickGelu;
    if (name == "tinyclip-8m") {  // TinyCLIP ViT-8M/16 + Text-3M
        c.vision = {224, 16, 256, 10, 4, 1024};
        c.text.width = 256;
        c.text.layers = 3;
        c.text.heads = 4;
        c.text.mlpWidth = 1024;
    } else if (name == "vit-b-32") {
        c.vision = {224, 32, 768, 12, 12, 3072};
        c.text.width = 512;
        c.text.layers = 12;
        c.text.heads = 8;
        c.text.mlpWidth = 2048;
    } else {
        throw std::invalid_argument("unknown shape '" + name + "' (tinyclip-8m or vit-b-32)");
    }
    return c;
}

class NoBatches : public TrainingBatchSource {
public:
    void startEpoch(int, std::size_t) override {}
    std::optional<TrainingBatch> next() override { return std::nullopt; }
    std::size_t batchesPerEpoch() const override { return 1000000; }
};

}  // namespace

int main(int argc, char** argv) {
    std::string shapeName = "tinyclip-8m", precision = "bf16", device = "cuda";
    int batch = 256, steps = 20, warmup = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--shape") shapeName = value;
        else if (key == "--batch") batch = std::stoi(value);
        else if (key == "--steps") steps = std::stoi(value);
        else if (key == "--warmup") warmup = std::stoi(value);
        else if (key == "--precision") precision = value;
        else if (key == "--device") device = value;
        else {
            std::fprintf(stderr, "unknown option %s\n", key.c_str());
            return 2;
        }
    }
    try {
        const auto config = shape(shapeName);
        torch::manual_seed(0);
        ClipModel model(config);
        TrainingOptions options;
        options.batchSize = batch;
        options.device = device;
        options.precision = parsePrecision(precision);
        options.warmupSteps = 1;
        NoBatches none;
        ClipTrainer trainer(model, options, none);

        // A few host batches, pinned for a GPU as the batch loader makes them, copied every step.
        std::vector<TrainingBatch> batches(2);
        for (auto& b : batches) {
            b.pixels = torch::randn({batch, 3, config.vision.imageSize, config.vision.imageSize});
            b.tokenIds = torch::randint(1, 49000, {batch, config.text.contextLength}, torch::kLong);
            b.tokenIds.select(1, 0).fill_(config.text.sotId);
            b.tokenIds.select(1, 20).fill_(config.text.eotId);
            if (trainer.device().is_cuda()) {
                b.pixels = b.pixels.pin_memory();
                b.tokenIds = b.tokenIds.pin_memory();
            }
        }
        for (int i = 0; i < warmup; ++i) trainer.step(batches[i % 2]);
        const auto start = std::chrono::steady_clock::now();
        double loss = 0;
        for (int i = 0; i < steps; ++i) loss = trainer.step(batches[i % 2]);  // step() reads the loss: synchronised
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("{\"impl\": \"clipdesk\", \"shape\": \"%s\", \"batch\": %d, \"precision\": \"%s\", \"device\": \"%s\", "
                    "\"steps\": %d, \"seconds\": %.4f, \"samples_per_second\": %.2f, \"last_loss\": %.5f, "
                    "\"libtorch\": \"%s\", \"attention\": \"%s\"}\n",
                    shapeName.c_str(), batch, precisionName(trainer.precision()), trainer.device().str().c_str(), steps,
                    seconds, steps * batch / seconds, loss, TORCH_VERSION, torch_compat::attentionPath());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_train_step: %s\n", e.what());
        return 1;
    }
    return 0;
}
