// The trainer on a tiny model: it learns, accumulation is exact, locked towers stay
// bit-identical, runs are reproducible, and a stopped run resumes exactly where it was.

#include "random_training_batches.h"
#include "temporary_dir.h"
#include "tiny_config.h"
#include "unit_test.h"
#include "vector_batch_source.h"

#include "clip/weights/checkpoint_loader.h"
#include "training/clip_loss.h"
#include "training/clip_trainer.h"

#include <torch/torch.h>

#include <filesystem>

using namespace clipdesk;

namespace {

// `count` pairs with random pixels and distinct captions of three random tokens.
std::vector<TrainingBatch> makeBatches(int batches, int batchSize, uint64_t seed) {
    return test::randomTrainingBatches(test::tinyClipConfig(), batches, batchSize, seed);
}

TrainingOptions tinyOptions(const std::string& outDir = {}) {
    TrainingOptions o;
    o.epochs = 2;
    o.batchSize = 8;
    o.learningRate = 1e-3;
    o.warmupSteps = 2;
    o.weightDecay = 0.1;
    o.device = "cpu";
    o.logEvery = 1;
    o.outDir = outDir;
    return o;
}

ClipModel freshModel(uint64_t seed) {
    torch::manual_seed(seed);
    return ClipModel(test::tinyClipConfig());
}

double batchLoss(ClipModel& model, const TrainingBatch& b) {
    torch::NoGradGuard noGrad;
    return clipContrastiveLoss(model->embedImage(b.pixels), model->embedText(b.tokenIds), model->logit_scale).loss.item<double>();
}

std::map<std::string, torch::Tensor> snapshot(ClipModel& model) {
    std::map<std::string, torch::Tensor> s;
    for (const auto& p : model->named_parameters()) s[p.key()] = p.value().detach().clone();
    return s;
}

// Cancels the run once it has made `steps` steps (progress comes after every step here).
class StopAfter : public TrainingObserver {
public:
    explicit StopAfter(int steps) : remaining_(steps) {}
    std::vector<TrainingProgress> progress;
    JobControl control;
    void onProgress(const TrainingProgress& p) override {
        progress.push_back(p);
        if (--remaining_ <= 0) control.cancel();
    }

private:
    int remaining_;
};

}  // namespace

class TestTraining : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneStepLowersTheLoss() {
        auto model = freshModel(1);
        const auto batches = makeBatches(1, 8, 2);
        test::VectorBatchSource source(batches);
        ClipTrainer trainer(model, tinyOptions(), source);
        const double before = batchLoss(model, batches[0]);
        trainer.step(batches[0]);
        const double after = batchLoss(model, batches[0]);
        qInfo("loss %.5f -> %.5f", before, after);
        QVERIFY(after < before);
    }

    void overfitsSixteenPairs() {
        auto model = freshModel(4);
        const auto batches = makeBatches(1, 16, 5);
        test::VectorBatchSource source(batches);
        auto options = tinyOptions();
        options.batchSize = 16;
        options.epochs = 150;
        options.warmupSteps = 10;
        options.weightDecay = 0;
        ClipTrainer trainer(model, options, source, &source);
        TrainingObserver quiet;
        trainer.run(quiet);
        const auto report = trainer.evaluate();
        qInfo("after 150 steps: loss %.4f, i2t R@1 %.3f, t2i R@1 %.3f", report.validationLoss,
              report.recall.imageToText.at(1), report.recall.textToImage.at(1));
        QCOMPARE(report.recall.imageToText.at(1), 1.0);
        QCOMPARE(report.recall.textToImage.at(1), 1.0);
    }

    void accumulationGivesTheWholeBatchGradient() {
        const auto batches = makeBatches(1, 8, 6);
        test::VectorBatchSource source(batches);
        auto modelA = freshModel(7);
        auto modelB = freshModel(7);
        auto options = tinyOptions();
        ClipTrainer whole(modelA, options, source);
        options.accumulationSteps = 4;
        ClipTrainer accumulated(modelB, options, source);
        const double lossA = whole.accumulateGradients(batches[0]);
        const double lossB = accumulated.accumulateGradients(batches[0]);
        QVERIFY(std::abs(lossA - lossB) < 1e-5);
        const auto a = modelA->named_parameters();
        const auto b = modelB->named_parameters();
        for (const auto& p : a) {
            const auto& ga = p.value().grad();
            const auto& gb = b[p.key()].grad();
            // Micro-batches sum the gradient in another order: float32 rounding is relative to the
            // largest terms of a tensor, not to each (possibly cancelling) element.
            const double scale = gb.abs().max().item<double>();
            const auto excess = ((ga - gb).abs() - (1e-4 * gb.abs() + 1e-5 * std::max(1.0, scale))).max().item<double>();
            QVERIFY2(excess <= 0, test::text(p.key(), ": exceeds the tolerance by ", excess, " (largest |grad| ",
                                             scale, ")").c_str());
        }
    }

    void lockedTowersStayBitIdentical() {
        for (const bool lockImage : {true, false}) {
            const std::string locked = lockImage ? "lock image: " : "lock text: ";
            auto model = freshModel(8);
            const auto before = snapshot(model);
            test::VectorBatchSource source(makeBatches(3, 8, 9));
            auto options = tinyOptions();
            options.lockImage = lockImage;
            options.lockText = !lockImage;
            ClipTrainer trainer(model, options, source);
            TrainingObserver quiet;
            trainer.run(quiet);
            const std::string frozen = lockImage ? "visual." : "text.";
            int changed = 0;
            for (const auto& [name, value] : snapshot(model)) {
                if (name.rfind(frozen, 0) == 0)
                    QVERIFY2(torch::equal(value, before.at(name)), (locked + name).c_str());
                else if (!torch::equal(value, before.at(name)))
                    ++changed;
            }
            QVERIFY2(changed > 0, locked.c_str());
        }
    }

    void seededRunsAreReproducible() {
        auto runOnce = [] {
            auto model = freshModel(10);
            test::VectorBatchSource source(makeBatches(3, 8, 11));
            ClipTrainer trainer(model, tinyOptions(), source);
            TrainingObserver quiet;
            trainer.run(quiet);
            return snapshot(model);
        };
        const auto a = runOnce();
        const auto b = runOnce();
        for (const auto& [name, value] : a) QVERIFY2(torch::equal(value, b.at(name)), name.c_str());
    }

    void stoppedRunResumesExactly() {
        const auto batches = makeBatches(3, 8, 12);
        test::TemporaryDir straightDir, resumedDir;
        // Straight through: 2 epochs x 3 batches.
        auto straight = freshModel(13);
        {
            test::VectorBatchSource source(batches);
            ClipTrainer trainer(straight, tinyOptions(straightDir.path()), source);
            TrainingObserver quiet;
            QCOMPARE(trainer.run(quiet).steps, int64_t(6));
        }
        // Stopped after 4 steps (mid second epoch), then resumed by a new trainer.
        {
            auto model = freshModel(13);
            test::VectorBatchSource source(batches);
            ClipTrainer trainer(model, tinyOptions(resumedDir.path()), source);
            StopAfter stop(4);
            const auto summary = trainer.run(stop, &stop.control);
            QVERIFY(summary.stopped);
            QCOMPARE(summary.steps, int64_t(4));
        }
        auto resumed = freshModel(99);  // different initial weights: the checkpoint must replace them
        test::VectorBatchSource source(batches);
        ClipTrainer trainer(resumed, tinyOptions(resumedDir.path()), source);
        QVERIFY(trainer.resume());
        QCOMPARE(trainer.position().step, int64_t(4));
        QCOMPARE(trainer.position().epoch, 1);
        QCOMPARE(trainer.position().batchInEpoch, int64_t(1));
        StopAfter never(1 << 30);
        QCOMPARE(trainer.run(never, &never.control).steps, int64_t(2));
        QCOMPARE(never.progress.front().step, int64_t(5));
        const auto expected = snapshot(straight);
        for (const auto& [name, value] : snapshot(resumed))
            QVERIFY2(torch::allclose(value, expected.at(name), 0, 1e-7), name.c_str());
    }

    void finishedRunLeavesALoadableModel() {
        test::TemporaryDir out;
        auto model = freshModel(14);
        const auto batches = makeBatches(2, 8, 15);
        test::VectorBatchSource source(batches);
        ClipTrainer trainer(model, tinyOptions(out.path()), source);
        TrainingObserver quiet;
        trainer.run(quiet);
        const auto config = ClipConfig::fromJsonFile(out.filePath("config.json"));
        auto loaded = loadClipModel(out.filePath("model.safetensors"), config);
        model->eval();
        torch::NoGradGuard noGrad;
        QVERIFY(torch::equal(model->embedImage(batches[0].pixels), loaded.model->embedImage(batches[0].pixels)));
        QVERIFY(torch::equal(model->embedText(batches[0].tokenIds), loaded.model->embedText(batches[0].tokenIds)));
        QVERIFY(std::filesystem::exists(out.filePath("train_log.jsonl")));
    }

    void temperatureIsClampedAtOneHundred() {
        auto model = freshModel(16);
        {
            torch::NoGradGuard noGrad;
            model->logit_scale.fill_(std::log(100.0));
        }
        const auto batches = makeBatches(1, 8, 17);
        test::VectorBatchSource source(batches);
        auto options = tinyOptions();
        options.learningRate = 0.5;  // large enough to push the temperature past the bound
        ClipTrainer trainer(model, options, source);
        for (int i = 0; i < 5; ++i) trainer.step(batches[0]);
        QVERIFY(model->logit_scale.exp().item<double>() <= 100.0 + 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestTraining)
#include "test_training.moc"
