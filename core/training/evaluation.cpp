#include "training/evaluation.h"

#include "clip/model/prompt_ensemble.h"
#include "clip_loss.h"

#include <torch/torch.h>

namespace clipdesk {
namespace {

// Fraction of query rows whose top-k (by similarity) contains a match, for each k.
// Processed in blocks of rows so 10k x 10k never materialises at once.
std::map<int, double> recallAtK(const torch::Tensor& queries, const torch::Tensor& keys,
                                const std::function<torch::Tensor(const torch::Tensor& rows, const torch::Tensor& topIndices)>& matches,
                                const std::vector<int>& ks) {
    std::map<int, double> hits;
    const int kMax = static_cast<int>(std::min<int64_t>(*std::max_element(ks.begin(), ks.end()), keys.size(0)));
    constexpr int64_t kBlock = 1024;
    for (int64_t start = 0; start < queries.size(0); start += kBlock) {
        const auto rows = torch::arange(start, std::min(start + kBlock, queries.size(0)));
        const auto top = std::get<1>(torch::matmul(queries.index_select(0, rows), keys.t()).topk(kMax, 1));
        const auto isMatch = matches(rows, top);  // [rows, kMax] bool
        const auto firstHitWithin = isMatch.to(torch::kInt).cumsum(1) > 0;
        for (int k : ks) hits[k] += firstHitWithin.select(1, std::min(k, kMax) - 1).sum().item<double>();
    }
    for (auto& [k, v] : hits) v /= static_cast<double>(queries.size(0));
    return hits;
}

}  // namespace

RetrievalRecall retrievalRecall(const torch::Tensor& images, const torch::Tensor& texts, const torch::Tensor& labels,
                                const std::vector<int>& ks) {
    const bool byLabel = labels.defined() && labels.numel() == images.size(0) && (labels >= 0).all().item<bool>();
    auto matches = [&](const torch::Tensor& rows, const torch::Tensor& top) {
        if (byLabel) return labels.index_select(0, top.flatten()).view(top.sizes()) == labels.index_select(0, rows).unsqueeze(1);
        return top == rows.unsqueeze(1);
    };
    RetrievalRecall r;
    r.imageToText = recallAtK(images.to(torch::kFloat), texts.to(torch::kFloat), matches, ks);
    r.textToImage = recallAtK(texts.to(torch::kFloat), images.to(torch::kFloat), matches, ks);
    return r;
}

torch::Tensor zeroShotClassifier(ClipModel& model, const torch::Tensor& promptIds, const torch::Device& device) {
    torch::NoGradGuard noGrad;
    const auto classes = promptIds.size(0), templates = promptIds.size(1);
    const auto flat = promptIds.reshape({classes * templates, promptIds.size(2)}).to(device);
    const auto embeddings = model->embedText(flat).to(torch::kFloat).to(torch::kCPU);
    return ensembleClassEmbeddings(embeddings.view({classes, templates, -1}));
}

ZeroShotAccuracy zeroShotAccuracy(const torch::Tensor& imageEmbeddings, const torch::Tensor& labels,
                                  const torch::Tensor& classEmbeddings) {
    const auto classes = classEmbeddings.size(0);
    const auto scores = torch::matmul(imageEmbeddings.to(torch::kFloat), classEmbeddings.to(torch::kFloat).t());
    const auto top = std::get<1>(scores.topk(std::min<int64_t>(5, classes), 1));
    const auto predicted = top.select(1, 0);
    ZeroShotAccuracy acc;
    const auto n = static_cast<double>(labels.size(0));
    acc.top1 = (predicted == labels).sum().item<double>() / n;
    acc.top5 = (top == labels.unsqueeze(1)).any(1).sum().item<double>() / n;
    acc.confusion = torch::bincount(labels * classes + predicted, {}, classes * classes).view({classes, classes});
    const auto totals = acc.confusion.sum(1);
    for (int64_t c = 0; c < classes; ++c) {
        const auto total = totals[c].item<double>();
        acc.perClass.push_back(total > 0 ? acc.confusion[c][c].item<double>() / total : 0.0);
    }
    return acc;
}

ValidationEmbeddings embedValidationSet(ClipModel& model, TrainingBatchSource& source, const torch::Device& device) {
    torch::NoGradGuard noGrad;
    const bool wasTraining = model->is_training();
    model->eval();
    std::vector<torch::Tensor> images, texts, labels;
    double lossSum = 0;
    int batches = 0;
    source.startEpoch(0);
    while (auto batch = source.next()) {
        const auto img = model->embedImage(batch->pixels.to(device, /*non_blocking=*/true));
        const auto txt = model->embedText(batch->tokenIds.to(device, /*non_blocking=*/true));
        lossSum += clipContrastiveLoss(img, txt, model->logit_scale).loss.item<double>();
        ++batches;
        images.push_back(img.to(torch::kFloat).to(torch::kCPU));
        texts.push_back(txt.to(torch::kFloat).to(torch::kCPU));
        labels.push_back(batch->labels.defined() ? batch->labels.to(torch::kLong)
                                                 : torch::full({img.size(0)}, -1, torch::kLong));
    }
    if (wasTraining) model->train();
    ValidationEmbeddings v;
    if (images.empty()) return v;
    v.images = torch::cat(images);
    v.texts = torch::cat(texts);
    v.labels = torch::cat(labels);
    v.loss = lossSum / batches;
    return v;
}

}  // namespace clipdesk
