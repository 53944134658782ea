// The window's "use all GPUs of this machine": core's trainOnLocalRanks runs one rank per
// device as threads of this process. On the CPU two such ranks must train the bundled mini
// model exactly as one run with the same batch (within float tolerance), with only rank 0
// reporting progress.

#include "bmp_writer.h"
#include "temporary_dir.h"

#include "application/training_setup.h"
#include "clip/weights/checkpoint_loader.h"
#include "training/distributed/data_parallel_group.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

#include <filesystem>
#include <fstream>

using namespace clipdesk;

namespace {

constexpr double kTolerance = 2e-5;  // as test_data_parallel: another order of float sums

class CountingObserver : public TrainingObserver {
public:
    int progress = 0, evaluations = 0;
    void onProgress(const TrainingProgress&) override { ++progress; }
    void onEvaluation(const EvaluationReport&) override { ++evaluations; }
};

double maxWeightDifference(const std::string& a, const std::string& b) {
    CheckpointInfo infoA, infoB;
    const auto ta = readCheckpointTensors(a, infoA);
    const auto tb = readCheckpointTensors(b, infoB);
    double worst = 0;
    for (const auto& [name, t] : ta)
        worst = std::max(worst, (t.to(torch::kFloat) - tb.at(name).to(torch::kFloat)).abs().max().item<double>());
    return worst;
}

}  // namespace

class TestLocalTrainingRanks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void twoRanksAsThreadsTrainLikeOneRun() {
        if (!dataParallelBackendAvailable("gloo")) QSKIP("this build has no torch.distributed Gloo engine");
        const std::string mini = CLIPDESK_SOURCE_DIR "/models/clipdesk-mini";
        if (!std::filesystem::exists(mini + "/model.safetensors")) QSKIP("models/clipdesk-mini is not in this checkout");
        test::TemporaryDir temporary;
        const std::filesystem::path root(temporary.path());
        const auto pairs = root / "pairs.csv";
        {
            std::ofstream csv(pairs);
            csv << "image,caption\n";
            for (int i = 0; i < 32; ++i) {
                test::writeBmp(QString::fromStdString((root / ("img" + std::to_string(i) + ".bmp")).string()), i);
                csv << "img" << i << ".bmp,a picture of a square number " << i << "\n";
            }
        }
        auto request = [&](const std::string& out) {
            TrainingRequest r;
            r.pairs = pairs.string();
            r.model = mini;
            r.options.outDir = (root / out).string();
            r.options.epochs = 1;
            r.options.batchSize = 8;
            r.options.learningRate = 2e-3;
            r.options.warmupSteps = 0;
            r.options.device = "cpu";
            r.options.logEvery = 1;
            r.options.seed = 3;
            r.validationSplit = 0.25;
            r.workers = 1;
            r.threads = 1;
            return r;
        };
        JobControl control;
        CountingObserver alone, ranks;
        const auto one = trainOnLocalRanks(request("one"), 1, alone, control);
        int worldSize = 0;
        const auto two = trainOnLocalRanks(request("two"), 2, ranks, control,
                                           [&](const PreparedTraining& t) { worldSize = t.worldSize(); });
        QCOMPARE(worldSize, 2);
        QCOMPARE(one.steps, std::int64_t(3));  // 24 training pairs / 8
        QCOMPARE(two.steps, std::int64_t(3));
        QCOMPARE(ranks.progress, 3);  // rank 0 alone reports
        QCOMPARE(ranks.evaluations, 1);
        const double gap = maxWeightDifference((root / "one/model.safetensors").string(),
                                               (root / "two/model.safetensors").string());
        qInfo("max |weight(1 run) - weight(2 ranks as threads)| = %.3g", gap);
        QVERIFY2(gap < kTolerance, qPrintable(QString::number(gap)));
        const double moved = maxWeightDifference(mini + "/model.safetensors", (root / "one/model.safetensors").string());
        qInfo("max |weight(start) - weight(trained)| = %.3g", moved);
        QVERIFY(moved > 100 * kTolerance);  // the comparison can fail: training moved the weights
    }
};

QTEST_GUILESS_MAIN(TestLocalTrainingRanks)
#include "test_local_training_ranks.moc"
