// A short fine-tuning run on CUDA (bf16 autocast, the trainer's default there): the loss goes
// down, a run stopped half way resumes bit-exactly on the same device, and the checkpoint
// written from the GPU embeds identically on the CPU. Skips without a CUDA GPU. Part of the
// GPU check (tests/gpu/run.sh).

#include "random_training_batches.h"
#include "shared_data.h"
#include "temporary_dir.h"
#include "unit_test.h"
#include "vector_batch_source.h"

#include "clip/weights/checkpoint_loader.h"
#include "training/clip_loss.h"
#include "training/clip_trainer.h"

#include <ATen/Context.h>
#include <torch/cuda.h>
#include <torch/torch.h>

#include <cstdlib>

using namespace clipdesk;
using namespace clipdesk::test;

namespace {

ClipConfig syntheticConfig() { return ClipConfig::fromJsonFile((syntheticModelDir() / "config.json").string()); }

ClipModel syntheticModel() {
    return loadClipModel((syntheticModelDir() / "model.safetensors").string(), syntheticConfig()).model;
}

// Random 224 px images with distinct three-token captions.
std::vector<TrainingBatch> randomBatches(const ClipConfig& c, int batches, int batchSize) {
    return test::randomTrainingBatches(c, batches, batchSize, 21, 40000);
}

TrainingOptions cudaOptions(const std::string& outDir) {
    TrainingOptions o;
    o.epochs = 2;
    o.batchSize = 32;
    o.learningRate = 1e-4;
    o.warmupSteps = 2;
    o.device = "cuda";
    o.logEvery = 1;
    o.outDir = outDir;
    return o;  // precision Auto: bf16 on CUDA
}

// Cancels the run once it has made `steps` steps (progress comes after every step here).
class StopAfter : public TrainingObserver {
public:
    explicit StopAfter(int steps) : remaining_(steps) {}
    JobControl control;
    void onProgress(const TrainingProgress&) override {
        if (--remaining_ <= 0) control.cancel();
    }

private:
    int remaining_;
};

}  // namespace

class TestGpuFineTune : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        if (!torch::cuda::is_available()) QSKIP("no CUDA GPU visible to this LibTorch");
        CLIPDESK_REQUIRE_SHARED(syntheticModelDir() / "model.safetensors");
        // Bit-exact resumption needs deterministic kernels (cuBLAS included).
        setenv("CUBLAS_WORKSPACE_CONFIG", ":4096:8", 1);
        at::globalContext().setDeterministicAlgorithms(true, /*warn_only=*/true);
    }

    void lossGoesDown() {
        const auto batches = randomBatches(syntheticConfig(), 1, 32);
        auto model = syntheticModel();
        VectorBatchSource source(batches);
        ClipTrainer trainer(model, cudaOptions({}), source);
        QCOMPARE(trainer.precision(), ComputePrecision::BFloat16);
        std::vector<double> losses;
        for (int i = 0; i < 10; ++i) losses.push_back(trainer.step(batches[0]));
        qInfo("bf16 on %s: loss %.4f -> %.4f in 10 steps", trainer.device().str().c_str(), losses.front(), losses.back());
        QVERIFY(losses.back() < losses.front());
    }

    void stoppedRunResumesBitExactly() {
        const auto batches = randomBatches(syntheticConfig(), 3, 32);
        TemporaryDir straightDir, resumedDir;
        auto straight = syntheticModel();
        {
            VectorBatchSource source(batches);
            ClipTrainer trainer(straight, cudaOptions(straightDir.path()), source);
            TrainingObserver quiet;
            QCOMPARE(trainer.run(quiet).steps, int64_t(6));
        }
        {
            auto model = syntheticModel();
            VectorBatchSource source(batches);
            ClipTrainer trainer(model, cudaOptions(resumedDir.path()), source);
            StopAfter stop(4);
            QVERIFY(trainer.run(stop, &stop.control).stopped);
        }
        auto resumed = syntheticModel();
        VectorBatchSource source(batches);
        ClipTrainer trainer(resumed, cudaOptions(resumedDir.path()), source);
        QVERIFY(trainer.resume());
        StopAfter never(1 << 30);
        QCOMPARE(trainer.run(never, &never.control).steps, int64_t(2));
        const auto a = straight->named_parameters();
        const auto b = resumed->named_parameters();
        for (const auto& p : a) QVERIFY2(torch::equal(p.value(), b[p.key()]), p.key().c_str());

        // The final model, written from the GPU, embeds on the CPU as the GPU model does in fp32.
        auto onCpu = loadClipModel(resumedDir.filePath("model.safetensors"), syntheticConfig()).model;
        onCpu->eval();
        resumed->eval();
        torch::NoGradGuard noGrad;
        const auto pixels = batches[0].pixels.slice(0, 0, 4);
        const auto cpu = onCpu->embedImage(pixels);
        const auto gpu = resumed->embedImage(pixels.to(trainer.device())).cpu();
        const double cosine = torch::cosine_similarity(cpu, gpu, 1).min().item<double>();
        qInfo("checkpoint from the GPU on the CPU: min cosine %.8f", cosine);
        QVERIFY(cosine >= 0.9999);
        for (const auto& p : resumed->named_parameters())
            QVERIFY2(torch::equal(p.value().cpu(), onCpu->named_parameters()[p.key()]), p.key().c_str());
    }
};

QTEST_GUILESS_MAIN(TestGpuFineTune)
#include "gpu_fine_tune.moc"
