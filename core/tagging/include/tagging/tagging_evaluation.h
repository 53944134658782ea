#pragma once
// Measuring tagging on a labelled dataset (each image has one class): few-shot linear probes
// against zero-shot, and multi-label threshold methods treated as per-label retrieval.

#include "tagging/linear_probe.h"
#include "tagging/multi_label_metrics.h"
#include "tagging/tag_scoring.h"

#include <torch/types.h>

#include <vector>

namespace clipdesk {

// Image embeddings [N, E] with their class labels [N].
struct LabelledEmbeddings {
    torch::Tensor embeddings;
    torch::Tensor labels;
};

// How a few-shot probe is trained: shots per class, repeated over seeds 0..seeds-1, with an
// optional prior per class ([C, E]: logit scale x the class's text embedding).
struct ProbeTrial {
    int shots = 1;
    int seeds = 1;
    torch::Tensor priors;
    LinearProbeOptions options;
};

struct FewShotAccuracy {
    int shots = 0;
    int seeds = 0;
    double meanTop1 = 0;
    double stdTop1 = 0;
};

// For each seed: `shots` random training images per class; per class a one-vs-rest probe
// (trainLinearProbe, that class's shots against the other classes' shots as counter-examples),
// optionally with the class's prior; test images are given the class with the highest logit.
// Top-1 accuracy averaged over the seeds.
FewShotAccuracy fewShotProbeAccuracy(const LabelledEmbeddings& train, const LabelledEmbeddings& test,
                                     const ProbeTrial& trial);

struct ThresholdComparison {
    ThresholdMethod method = ThresholdMethod::Fixed;
    MultiLabelMetrics calibration;  // the threshold chosen on the calibration images, with its scores there
    MultiLabelMetrics test;         // that threshold applied to the test images
    MultiLabelMetrics oracle;       // the best threshold for the test images themselves (an upper bound)
};

// Multi-label tagging of the test images with each method: a label is predicted where the
// method's score >= its threshold (no top-k cap); the truth is the image's class. Each method's
// single threshold is chosen for the best macro-F1 on the calibration images (z-scores there
// use the calibration images' own statistics, as a library would).
std::vector<ThresholdComparison> compareThresholdMethods(const LabelledEmbeddings& calibration,
                                                         const LabelledEmbeddings& test,
                                                         const torch::Tensor& classEmbeddings);

}  // namespace clipdesk
