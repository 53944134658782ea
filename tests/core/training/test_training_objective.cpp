// The pieces of the objective on their own: the loss against a value computed by hand, its
// gradient against finite differences, the schedule, the decay groups and the metrics.

#include "tiny_config.h"
#include "unit_test.h"

#include "training/clip_loss.h"
#include "training/evaluation.h"
#include "training/lr_schedule.h"
#include "training/parameter_groups.h"

#include <torch/torch.h>

#include <cmath>

using namespace clipdesk;

class TestTrainingObjective : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lossEqualsHandComputedValue() {
        // images (1,0), (0,1); texts (1,0), (0.6,0.8); temperature exp(log 2) = 2.
        const auto img = torch::tensor({{1.0, 0.0}, {0.0, 1.0}}, torch::kDouble);
        const auto txt = torch::tensor({{1.0, 0.0}, {0.6, 0.8}}, torch::kDouble);
        const auto loss = clipContrastiveLoss(img, txt, torch::tensor(std::log(2.0), torch::kDouble)).loss.item<double>();
        // logits = 2 * [[1, 0.6], [0, 0.8]]
        auto ce = [](double target, double other) { return -std::log(std::exp(target) / (std::exp(target) + std::exp(other))); };
        const double rows = (ce(2.0, 1.2) + ce(1.6, 0.0)) / 2;  // image -> text
        const double cols = (ce(2.0, 0.0) + ce(1.6, 1.2)) / 2;  // text -> image
        QVERIFY(std::abs(loss - (rows + cols) / 2) < 1e-6);
        QVERIFY(std::abs(loss - 0.2987362) < 1e-6);
    }

    void gradientMatchesFiniteDifferences() {
        torch::manual_seed(3);
        auto img = torch::randn({4, 3}, torch::kDouble).requires_grad_(true);
        auto txt = torch::randn({4, 3}, torch::kDouble).requires_grad_(true);
        auto scale = torch::tensor(0.7, torch::kDouble).requires_grad_(true);
        clipContrastiveLoss(img, txt, scale).loss.backward();
        const double h = 1e-6;
        for (auto* t : {&img, &txt, &scale}) {
            auto flat = t->detach().clone().flatten();
            const auto analytic = t->grad().flatten();
            for (int64_t i = 0; i < flat.numel(); ++i) {
                auto eval = [&](double delta) {
                    auto x = flat.clone();
                    x[i] += delta;
                    const auto v = x.view(t->sizes());
                    const auto& a = t == &img ? v : img.detach();
                    const auto& b = t == &txt ? v : txt.detach();
                    const auto& s = t == &scale ? v : scale.detach();
                    return clipContrastiveLoss(a, b, s).loss.item<double>();
                };
                const double numeric = (eval(h) - eval(-h)) / (2 * h);
                QVERIFY2(std::abs(numeric - analytic[i].item<double>()) < 1e-6,
                         test::text("element ", i, ": ", numeric, " vs ", analytic[i].item<double>()).c_str());
            }
        }
    }

    void warmupThenCosine() {
        const WarmupCosineSchedule s(1e-3, 10, 110);
        QVERIFY(std::abs(s.at(0) - 1e-4) < 1e-12);
        QVERIFY(std::abs(s.at(9) - 1e-3) < 1e-12);
        QVERIFY(std::abs(s.at(10) - 1e-3) < 1e-12);
        QVERIFY(std::abs(s.at(60) - 0.5e-3) < 1e-12);
        QVERIFY(s.at(110) < 1e-15);
        QVERIFY(s.at(30) > s.at(31));
    }

    void noDecayOnGainsBiasesEmbeddingsAndTemperature() {
        ClipModel model(test::tinyClipConfig());
        const auto g = trainableParameterGroups(model, false, false);
        auto has = [](const std::vector<std::string>& names, const std::string& n) {
            return std::find(names.begin(), names.end(), n) != names.end();
        };
        for (const char* n : {"logit_scale", "visual.class_embedding", "visual.positional_embedding",
                              "text.token_embedding.weight", "text.positional_embedding", "visual.ln_pre.weight",
                              "text.transformer.resblocks.0.attn.in_proj_bias", "visual.transformer.resblocks.1.ln_2.bias"})
            QVERIFY2(has(g.noDecayNames, n), n);
        for (const char* n : {"visual.conv1.weight", "visual.proj", "text.text_projection",
                              "text.transformer.resblocks.0.attn.in_proj_weight", "visual.transformer.resblocks.0.mlp.c_fc.weight"})
            QVERIFY2(has(g.decayNames, n), n);
        QCOMPARE(g.decay.size() + g.noDecay.size(), model->parameters().size());
    }

    void lockedTowerLeavesTheOptimizer() {
        ClipModel model(test::tinyClipConfig());
        const auto g = trainableParameterGroups(model, /*lockImage=*/true, false);
        for (const auto& n : g.decayNames) QVERIFY(n.rfind("visual.", 0) != 0);
        for (const auto& n : g.noDecayNames) QVERIFY(n.rfind("visual.", 0) != 0);
        QVERIFY(!model->visual->proj.requires_grad());
        QVERIFY(model->text->text_projection.requires_grad());
    }

    void recallCountsPairsOrLabels() {
        // Image->text: image 0's nearest texts are 1 then 2 (a miss at k=2), image 1's are
        // 0 then 1 (a hit at k=2), image 2's nearest is 2. Text->image: text 0 finds images
        // 1 then 0, text 1 finds 0 then 1, text 2 finds 2. No ties anywhere.
        const auto img = torch::tensor({{1.0f, 0.0f, 0.2f}, {0.2f, 1.0f, 0.0f}, {0.0f, 0.0f, 1.0f}});
        const auto txt = torch::tensor({{0.1f, 1.0f, 0.0f}, {1.0f, 0.0f, 0.0f}, {0.0f, 0.0f, 1.0f}});
        auto r = retrievalRecall(img, txt, {}, {1, 2});
        QVERIFY(std::abs(r.imageToText[1] - 1.0 / 3) < 1e-9);
        QVERIFY(std::abs(r.imageToText[2] - 2.0 / 3) < 1e-9);
        QVERIFY(std::abs(r.textToImage[1] - 1.0 / 3) < 1e-9);
        QCOMPARE(r.textToImage[2], 1.0);
        // With labels 0, 0, 1 the swapped pairs are the same class: all hits.
        r = retrievalRecall(img, txt, torch::tensor({0, 0, 1}, torch::kLong), {1});
        QCOMPARE(r.imageToText[1], 1.0);
        QCOMPARE(r.textToImage[1], 1.0);
    }

    void zeroShotAccuracyAndConfusion() {
        const auto classes = torch::tensor({{1.0f, 0.0f}, {0.0f, 1.0f}});
        const auto images = torch::tensor({{0.9f, 0.1f}, {0.2f, 0.8f}, {0.7f, 0.3f}, {0.1f, 0.9f}});
        const auto labels = torch::tensor({0, 1, 1, 1}, torch::kLong);
        const auto acc = zeroShotAccuracy(images, labels, classes);
        QCOMPARE(acc.top1, 0.75);
        QCOMPARE(acc.top5, 1.0);
        QCOMPARE(acc.perClass[0], 1.0);
        QVERIFY(std::abs(acc.perClass[1] - 2.0 / 3) < 1e-9);
        QCOMPARE(acc.confusion[1][0].item<int64_t>(), int64_t(1));
        QCOMPARE(acc.confusion[1][1].item<int64_t>(), int64_t(2));
    }
};

QTEST_GUILESS_MAIN(TestTrainingObjective)
#include "test_training_objective.moc"
