#include "tagging/tagging_evaluation.h"

#include <torch/torch.h>

#include <cmath>
#include <random>

namespace clipdesk {
namespace {

torch::Tensor oneHot(const torch::Tensor& labels, int64_t classes) {
    return torch::one_hot(labels.to(torch::kLong), classes).to(torch::kBool);
}

std::vector<double> candidates(ThresholdMethod method) {
    switch (method) {
        case ThresholdMethod::ZScore: return thresholdGrid(-1.0, 4.0, 100);
        case ThresholdMethod::Margin: return thresholdGrid(-0.3, 0.3, 120);
        case ThresholdMethod::Fixed: return thresholdGrid(-0.5, 1.0, 300);
        case ThresholdMethod::ZMargin: return thresholdGrid(-3.0, 3.0, 120);
    }
    return {};
}

torch::Tensor methodScores(const torch::Tensor& images, const torch::Tensor& classes, ThresholdMethod method) {
    EmbeddingMoments moments;
    moments.add(images);
    const auto stats = labelStatistics(moments, classes);
    return multiLabelScores(images.mm(classes.t()), method, stats);
}

}  // namespace

FewShotAccuracy fewShotProbeAccuracy(const LabelledEmbeddings& trainSet, const LabelledEmbeddings& testSet,
                                     const ProbeTrial& trial) {
    const auto& [train, trainLabels] = trainSet;
    const auto& [test, testLabels] = testSet;
    const auto& [shots, seeds, priors, options] = trial;
    const int64_t classes = trainLabels.max().item<int64_t>() + 1;
    std::vector<std::vector<int64_t>> byClass(static_cast<std::size_t>(classes));
    const auto labels = trainLabels.to(torch::kLong).contiguous();
    for (int64_t i = 0; i < labels.size(0); ++i) byClass[static_cast<std::size_t>(labels[i].item<int64_t>())].push_back(i);
    std::vector<double> accuracies;
    for (int seed = 0; seed < seeds; ++seed) {
        std::mt19937_64 random(static_cast<std::uint64_t>(seed) * 7919 + static_cast<std::uint64_t>(shots));
        std::vector<torch::Tensor> chosen;
        for (auto& members : byClass) {
            std::vector<int64_t> pick = members;
            std::shuffle(pick.begin(), pick.end(), random);
            pick.resize(std::min<std::size_t>(pick.size(), static_cast<std::size_t>(shots)));
            chosen.push_back(train.index_select(0, torch::tensor(pick, torch::kLong)));
        }
        std::vector<torch::Tensor> logits;
        for (int64_t c = 0; c < classes; ++c) {
            std::vector<torch::Tensor> others;
            for (int64_t o = 0; o < classes; ++o)
                if (o != c) others.push_back(chosen[static_cast<std::size_t>(o)]);
            LinearProbeOptions probeOptions = options;
            if (priors.defined()) probeOptions.prior = priors[c];
            const auto probe = trainLinearProbe(chosen[static_cast<std::size_t>(c)], torch::cat(others), torch::Tensor(),
                                                probeOptions);
            logits.push_back(probe.logits(test));
        }
        const auto predicted = torch::stack(logits, 1).argmax(1);
        accuracies.push_back(predicted.eq(testLabels.to(torch::kLong)).to(torch::kDouble).mean().item<double>());
    }
    FewShotAccuracy out;
    out.shots = shots;
    out.seeds = seeds;
    for (double a : accuracies) out.meanTop1 += a / static_cast<double>(accuracies.size());
    for (double a : accuracies) out.stdTop1 += (a - out.meanTop1) * (a - out.meanTop1) / static_cast<double>(accuracies.size());
    out.stdTop1 = std::sqrt(out.stdTop1);
    return out;
}

std::vector<ThresholdComparison> compareThresholdMethods(const LabelledEmbeddings& calibrationSet,
                                                         const LabelledEmbeddings& testSet,
                                                         const torch::Tensor& classEmbeddings) {
    const auto& [calibration, calibrationLabels] = calibrationSet;
    const auto& [test, testLabels] = testSet;
    torch::NoGradGuard noGrad;
    const int64_t classes = classEmbeddings.size(0);
    const auto calibrationTruth = oneHot(calibrationLabels, classes);
    const auto testTruth = oneHot(testLabels, classes);
    std::vector<ThresholdComparison> out;
    for (const auto method : {ThresholdMethod::Fixed, ThresholdMethod::ZScore, ThresholdMethod::Margin, ThresholdMethod::ZMargin}) {
        ThresholdComparison c;
        c.method = method;
        c.calibration = bestThreshold(methodScores(calibration, classEmbeddings, method), calibrationTruth, candidates(method));
        const auto testScores = methodScores(test, classEmbeddings, method);
        c.test = multiLabelMetrics(testScores, testTruth, c.calibration.threshold);
        c.oracle = bestThreshold(testScores, testTruth, candidates(method));
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace clipdesk
