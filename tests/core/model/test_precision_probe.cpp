// The measured choice of compute precision: the rule (bf16 only when clearly faster and in
// agreement with fp32), the figures it reports, the cache, and a model left unchanged.

#include "temporary_dir.h"
#include "tiny_config.h"
#include "unit_test.h"

#include "clip/model/compute_threads.h"
#include "clip/model/precision_probe.h"

#include <torch/torch.h>

#include <thread>

#include <fstream>

using namespace clipdesk;

class TestPrecisionProbe : public QObject {
    Q_OBJECT
    test::TemporaryDir dir_;

    PrecisionProbeOptions options(const std::string& cacheName) const {
        PrecisionProbeOptions o;
        o.minSeconds = 0.05;
        o.cacheFile = dir_.filePath(cacheName);
        o.modelKey = "tiny-test";
        return o;
    }

private Q_SLOTS:
    // --threads / --workers beyond the cores are capped (100000 threads once took 4 GB).
    void threadCountsAreCappedAtTheAvailableCores() {
        const int cores = coresAvailable();
        QVERIFY(cores >= 1);
        QCOMPARE(usableThreads(100000), cores);
        QCOMPARE(usableThreads(0), cores);
        QCOMPARE(usableThreads(1), 1);
        setComputeThreads(100000);
        QCOMPARE(torch::get_num_threads(), cores);
    }

    // A scope sets the calling thread's count alone (a thread started inside it keeps the
    // process's count) and restores it.
    void scopedThreadsAreThisThreadsAndRestored() {
        setComputeThreads(0);
        const int before = torch::get_num_threads();
        {
            ScopedComputeThreads one(1);
            QCOMPARE(torch::get_num_threads(), 1);
            int other = 0;
            std::thread([&] { other = torch::get_num_threads(); }).join();
            QCOMPARE(other, before);
        }
        QCOMPARE(torch::get_num_threads(), before);
    }

    void init() { torch::manual_seed(11); }

    void choiceFollowsTheMeasuredFigures() {
        const auto config = test::tinyClipConfig();
        ClipModel model(config);
        model->eval();
        const auto weightsBefore = model->visual->proj.clone();
        const auto probe = probeCpuPrecision(model, config, options("a.json"));
        QVERIFY(!probe.fromCache);
        QVERIFY(!probe.reason.empty());
        QVERIFY(torch::equal(model->visual->proj, weightsBefore));
        QCOMPARE(model->visual->proj.scalar_type(), torch::kFloat);
        if (!cpuHasBf16Instructions()) {
            QCOMPARE(probe.chosen, ComputePrecision::Float32);
            QCOMPARE(probe.bf16ImagesPerSecond, 0.0);
            QSKIP("this CPU has no bf16 instructions: nothing was timed (fp32 chosen, as checked)");
        }
        QVERIFY(probe.fp32ImagesPerSecond > 0 && probe.bf16ImagesPerSecond > 0);
        QVERIFY2(probe.minCosine > 0.99 && probe.minCosine <= 1.0 + 1e-6, std::to_string(probe.minCosine).c_str());
        const bool bf16Wins = probe.bf16ImagesPerSecond >= 1.1 * probe.fp32ImagesPerSecond && probe.minCosine >= 0.9999;
        QCOMPARE(probe.chosen, bf16Wins ? ComputePrecision::BFloat16 : ComputePrecision::Float32);
        qInfo("fp32 %.1f images/s, bf16 %.1f images/s, min cosine %.6f: %s", probe.fp32ImagesPerSecond,
              probe.bf16ImagesPerSecond, probe.minCosine, probe.reason.c_str());
    }

    void demandingAgreementBeyondBf16sReachKeepsFp32() {
        if (!cpuHasBf16Instructions()) QSKIP("this CPU has no bf16 instructions");
        const auto config = test::tinyClipConfig();
        ClipModel model(config);
        model->eval();
        auto o = options("strict.json");
        o.minCosine = 1.5;  // no cosine reaches it
        const auto probe = probeCpuPrecision(model, config, o);
        QCOMPARE(probe.chosen, ComputePrecision::Float32);
        QVERIFY2(probe.reason.find("disagree") != std::string::npos, probe.reason.c_str());
        o.minCosine = 0;
        o.minSpeedup = 1e9;  // nothing is that much faster
        o.cacheFile = dir_.filePath("slow.json");
        const auto slow = probeCpuPrecision(model, config, o);
        QCOMPARE(slow.chosen, ComputePrecision::Float32);
        QVERIFY2(slow.reason.find("not clearly faster") != std::string::npos, slow.reason.c_str());
        o.minSpeedup = 0;  // anything counts as faster
        o.cacheFile = dir_.filePath("eager.json");
        QCOMPARE(probeCpuPrecision(model, config, o).chosen, ComputePrecision::BFloat16);
    }

    void secondProbeComesFromTheCacheAndADamagedCacheIsMeasuredAgain() {
        if (!cpuHasBf16Instructions()) QSKIP("this CPU has no bf16 instructions: nothing is measured or cached");
        const auto config = test::tinyClipConfig();
        ClipModel model(config);
        model->eval();
        auto o = options("cache.json");
        o.minSpeedup = 0;  // bf16 chosen, so that the cached value is distinguishable from the default
        o.minCosine = 0;
        const auto first = probeCpuPrecision(model, config, o);
        QCOMPARE(first.chosen, ComputePrecision::BFloat16);
        o.minSpeedup = 1e9;  // a new measurement would now choose fp32; the cache must win
        const auto second = probeCpuPrecision(model, config, o);
        QVERIFY(second.fromCache);
        QCOMPARE(second.chosen, ComputePrecision::BFloat16);
        QCOMPARE(second.fp32ImagesPerSecond, first.fp32ImagesPerSecond);
        QCOMPARE(second.reason, first.reason);
        auto other = o;
        other.modelKey = "another model";  // another key: measured again
        QVERIFY(!probeCpuPrecision(model, config, other).fromCache);

        {
            std::ofstream file(o.cacheFile, std::ios::trunc);
            QVERIFY(file << "{ not json");
        }
        const auto afterDamage = probeCpuPrecision(model, config, o);
        QVERIFY(!afterDamage.fromCache);
        QCOMPARE(afterDamage.chosen, ComputePrecision::Float32);  // minSpeedup 1e9
        QVERIFY(probeCpuPrecision(model, config, o).fromCache);  // and the file was rewritten
    }
};

QTEST_APPLESS_MAIN(TestPrecisionProbe)
#include "test_precision_probe.moc"
