// Data-parallel training on torch.distributed's Gloo engine, two ranks as two threads of this
// process over 127.0.0.1: after every step the ranks hold bit-identical parameters (logit
// scale included) equal, within float tolerance, to one process stepping on the whole batch;
// with accumulation too; the gather's backward hands each rank its share of the gradient;
// a rank that never joins or stops answering is named in a one-line error instead of a hang.

#include "random_training_batches.h"
#include "tiny_config.h"
#include "unit_test.h"

#include "training/clip_trainer.h"
#include "training/distributed/data_parallel_group.h"
#include "training/distributed/loopback_port.h"

#include <torch/torch.h>

#include <chrono>
#include <functional>
#include <thread>

using namespace clipdesk;

namespace {

// Float tolerance between two ranks and one process: the sums run in another order (over
// ranks, then within each), so parameters agree to ~1e-6 after a few AdamW steps.
constexpr double kTolerance = 2e-5;

std::vector<TrainingBatch> makeBatches(int batches, int batchSize, uint64_t seed) {
    return test::randomTrainingBatches(test::tinyClipConfig(), batches, batchSize, seed);
}

// Rows [rank, rank + 1) * B / ranks of a batch: what a sharded loader gives that rank.
TrainingBatch shard(const TrainingBatch& b, int rank, int ranks) {
    const auto n = b.pixels.size(0) / ranks;
    TrainingBatch s;
    s.pixels = b.pixels.narrow(0, rank * n, n).clone();
    s.tokenIds = b.tokenIds.narrow(0, rank * n, n).clone();
    s.labels = b.labels.narrow(0, rank * n, n).clone();
    return s;
}

class NoBatches : public TrainingBatchSource {
public:
    explicit NoBatches(std::size_t count) : count_(count) {}
    void startEpoch(int, std::size_t) override {}
    std::optional<TrainingBatch> next() override { return std::nullopt; }
    std::size_t batchesPerEpoch() const override { return count_; }

private:
    std::size_t count_;
};

TrainingOptions tinyOptions(int accumulation) {
    TrainingOptions o;
    o.epochs = 1;
    o.batchSize = 8;
    o.accumulationSteps = accumulation;
    o.learningRate = 1e-3;
    o.warmupSteps = 0;
    o.weightDecay = 0.1;
    o.device = "cpu";
    return o;
}

ClipModel freshModel(uint64_t seed) {
    torch::manual_seed(seed);
    return ClipModel(test::tinyClipConfig());
}

using Snapshot = std::vector<torch::Tensor>;

Snapshot snapshot(ClipModel& model) {
    Snapshot s;
    for (const auto& p : model->parameters()) s.push_back(p.detach().clone());
    return s;
}

double maxDifference(const Snapshot& a, const Snapshot& b) {
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, (a[i] - b[i]).abs().max().item<double>());
    return worst;
}

bool identical(const Snapshot& a, const Snapshot& b) {
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!torch::equal(a[i], b[i])) return false;
    return true;
}

DistributedEnvironment environment(int port, int rank, int ranks) {
    return {"127.0.0.1", port, rank, ranks, rank};
}

// Runs `body(rank)` on one thread per rank; returns each rank's error message ("" if none).
std::vector<std::string> onRanks(int ranks, const std::function<void(int)>& body) {
    std::vector<std::string> errors(static_cast<std::size_t>(ranks));
    std::vector<std::thread> threads;
    for (int r = 0; r < ranks; ++r)
        threads.emplace_back([&, r] {
            try {
                body(r);
            } catch (const std::exception& e) {
                errors[static_cast<std::size_t>(r)] = e.what();
            }
        });
    for (auto& t : threads) t.join();
    return errors;
}

// Parameters after each of the steps on `batches`: [rank][step]. Rank r starts from a model
// of seed 1 + r: the start broadcasts rank 0's weights.
std::vector<std::vector<Snapshot>> trainOnRanks(int ranks, const std::vector<TrainingBatch>& batches,
                                                int accumulation, bool localLoss, std::string& error) {
    const int port = freeLoopbackPort();
    std::vector<ClipModel> models;
    for (int r = 0; r < ranks; ++r) models.push_back(freshModel(1 + static_cast<uint64_t>(r)));
    std::vector<std::vector<Snapshot>> steps(static_cast<std::size_t>(ranks));
    const auto errors = onRanks(ranks, [&](int r) {
        DistributedOptions options;
        options.backend = "gloo";
        options.timeout = std::chrono::seconds(60);
        options.localLoss = localLoss;
        auto group = DataParallelGroup::join(environment(port, r, ranks), options, torch::kCPU);
        NoBatches source(batches.size());
        ClipTrainer trainer(models[static_cast<std::size_t>(r)], tinyOptions(accumulation), source, nullptr,
                            std::nullopt, group);
        for (const auto& b : batches) {
            trainer.step(shard(b, r, ranks));
            steps[static_cast<std::size_t>(r)].push_back(snapshot(trainer.model()));
            // The gradient average overlaps the backward: its bucket left from a gradient hook.
            if (group->bucketsLaunchedDuringBackward() < 1)
                throw std::runtime_error("rank " + std::to_string(r) + ": no gradient bucket started during the backward");
        }
    });
    for (const auto& e : errors) error += e;
    return steps;
}

std::vector<Snapshot> trainAlone(const std::vector<TrainingBatch>& batches, int accumulation) {
    NoBatches source(batches.size());
    ClipTrainer trainer(freshModel(1), tinyOptions(accumulation), source);
    std::vector<Snapshot> steps;
    for (const auto& b : batches) {
        trainer.step(b);
        steps.push_back(snapshot(trainer.model()));
    }
    return steps;
}

}  // namespace

class TestDataParallel : public QObject {
    Q_OBJECT

    void ranksMatchOneProcess(int accumulation) {
        if (!dataParallelBackendAvailable("gloo")) QSKIP("this build has no torch.distributed Gloo engine");
        const auto batches = makeBatches(4, 8, 7);
        std::string error;
        const auto ranks = trainOnRanks(2, batches, accumulation, false, error);
        QVERIFY2(error.empty(), error.c_str());
        const auto alone = trainAlone(batches, accumulation);
        QCOMPARE(ranks[0].size(), batches.size());
        QCOMPARE(ranks[1].size(), batches.size());
        for (std::size_t k = 0; k < batches.size(); ++k) {
            QVERIFY2(identical(ranks[0][k], ranks[1][k]), test::text("step ", k, ": the ranks differ").c_str());
            const double gap = maxDifference(ranks[0][k], alone[k]);
            QVERIFY2(gap < kTolerance, test::text("step ", k, ": ranks vs one process differ by ", gap).c_str());
        }
        // The steps moved the weights far more than the tolerance: the comparison can fail.
        auto initial = freshModel(1);
        QVERIFY(maxDifference(alone.back(), snapshot(initial)) > 100 * kTolerance);
    }

private Q_SLOTS:
    void twoRanksStepLikeOneProcessWithTheWholeBatch() { ranksMatchOneProcess(1); }
    void twoRanksWithAccumulationStepLikeOneProcess() { ranksMatchOneProcess(2); }

    // open_clip's local loss: each rank's rows against all columns. Averaged over the ranks it
    // is the whole-batch loss again (every row and every column counted once), so the steps
    // match one process too, while each rank builds an n x N logit matrix instead of N x N.
    void localLossStepsLikeOneProcess() {
        if (!dataParallelBackendAvailable("gloo")) QSKIP("this build has no torch.distributed Gloo engine");
        const auto batches = makeBatches(2, 8, 11);
        std::string error;
        const auto ranks = trainOnRanks(2, batches, 1, /*localLoss=*/true, error);
        QVERIFY2(error.empty(), error.c_str());
        QVERIFY(identical(ranks[0].back(), ranks[1].back()));
        const double gap = maxDifference(ranks[0].back(), trainAlone(batches, 1).back());
        QVERIFY2(gap < kTolerance, test::text("local loss vs one process: ", gap).c_str());
    }

    // The backward of the gather: each rank's rows get the gradient summed over all ranks.
    void gatherBackwardIsThisRanksShareOfTheSummedGradient() {
        if (!dataParallelBackendAvailable("gloo")) QSKIP("this build has no torch.distributed Gloo engine");
        const int port = freeLoopbackPort();
        std::vector<torch::Tensor> gathered(2), gradients(2);
        const auto errors = onRanks(2, [&](int r) {
            auto group = DataParallelGroup::join(environment(port, r, 2), {"gloo", std::chrono::seconds(30), false},
                                                 torch::kCPU);
            auto local = torch::full({2, 3}, static_cast<float>(r + 1)).requires_grad_();
            auto all = group->allGatherWithGrad(local);
            // Rank r weighs the gathered rows by (r + 1) * row index.
            const auto weights = torch::arange(4, torch::kFloat).unsqueeze(1) * static_cast<float>(r + 1);
            (all * weights).sum().backward();
            gathered[static_cast<std::size_t>(r)] = all.detach();
            gradients[static_cast<std::size_t>(r)] = local.grad();
        });
        QVERIFY2(errors[0].empty() && errors[1].empty(), (errors[0] + errors[1]).c_str());
        const auto expected = torch::cat({torch::full({2, 3}, 1.0f), torch::full({2, 3}, 2.0f)});
        QVERIFY(torch::equal(gathered[0], expected) && torch::equal(gathered[1], expected));
        // Summed weights over the ranks: (1 + 2) * row index; rank 0 has rows 0-1, rank 1 rows 2-3.
        const auto summed = torch::arange(4, torch::kFloat).unsqueeze(1).expand({4, 3}) * 3;
        QVERIFY(torch::equal(gradients[0], summed.narrow(0, 0, 2)));
        QVERIFY(torch::equal(gradients[1], summed.narrow(0, 2, 2)));
    }

    void aRankThatNeverJoinsIsNamed() {
        if (!dataParallelBackendAvailable("gloo")) QSKIP("this build has no torch.distributed Gloo engine");
        const auto start = std::chrono::steady_clock::now();
        try {
            DataParallelGroup::join(environment(freeLoopbackPort(), 0, 2), {"gloo", std::chrono::seconds(2), false},
                                    torch::kCPU);
            QFAIL("joined without rank 1");
        } catch (const DistributedError& e) {
            QVERIFY2(std::string(e.what()) == std::string("rank 0: rank 1 never joined within 2 s (rendezvous at 127.0.0.1:") +
                                                   std::string(e.what()).substr(std::string(e.what()).rfind(':') + 1),
                     e.what());
        }
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
    }

    // Rank 1 leaves (its engine and heartbeat end) while rank 0 waits in an exchange.
    void aRankThatStopsAnsweringIsNamed() {
        if (!dataParallelBackendAvailable("gloo")) QSKIP("this build has no torch.distributed Gloo engine");
        const int port = freeLoopbackPort();
        const auto start = std::chrono::steady_clock::now();
        const auto errors = onRanks(2, [&](int r) {
            auto group = DataParallelGroup::join(environment(port, r, 2), {"gloo", std::chrono::seconds(10), false},
                                                 torch::kCPU);
            group->barrier();
            if (r == 1) return;  // leaves: the group is destroyed
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            group->barrier();
        });
        QVERIFY2(errors[1].empty(), errors[1].c_str());
        QVERIFY2(errors[0].rfind("rank 0: rank 1 stopped answering (", 0) == 0, errors[0].c_str());
        QVERIFY2(errors[0].find('\n') == std::string::npos, errors[0].c_str());
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
    }

    void batchesThatDoNotSplitOverTheRanksAreRefused() {
        if (!dataParallelBackendAvailable("gloo")) QSKIP("this build has no torch.distributed Gloo engine");
        const int port = freeLoopbackPort();
        const auto errors = onRanks(3, [&](int r) {
            auto group = DataParallelGroup::join(environment(port, r, 3), {"gloo", std::chrono::seconds(30), false},
                                                 torch::kCPU);
            NoBatches source(1);
            ClipTrainer trainer(freshModel(1), tinyOptions(1), source, nullptr, std::nullopt, group);
        });
        QVERIFY2(errors[0].find("a batch of 8 does not split into 3 ranks") != std::string::npos, errors[0].c_str());
    }
};

QTEST_GUILESS_MAIN(TestDataParallel)
#include "test_data_parallel.moc"
