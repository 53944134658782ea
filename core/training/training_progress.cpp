#include "training/training_progress.h"

#include <torch/torch.h>

namespace clipdesk {
namespace {

nlohmann::json recallJson(const std::map<int, double>& recall) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [k, v] : recall) j["R@" + std::to_string(k)] = v;
    return j;
}

}  // namespace

nlohmann::json toJson(const TrainingProgress& p) {
    return {{"type", "step"},          {"step", p.step},
            {"total_steps", p.totalSteps}, {"epoch", p.epoch},
            {"loss", p.loss},          {"lr", p.learningRate},
            {"logit_scale", p.logitScale}, {"samples_per_s", p.samplesPerSecond},
            {"eta_s", p.etaSeconds}};
}

nlohmann::json toJson(const EvaluationReport& r, const std::vector<std::string>& classNames) {
    nlohmann::json j = {{"type", "eval"},
                        {"step", r.step},
                        {"epoch", r.epoch},
                        {"val_loss", r.validationLoss},
                        {"image_to_text", recallJson(r.recall.imageToText)},
                        {"text_to_image", recallJson(r.recall.textToImage)}};
    if (r.zeroShot) {
        nlohmann::json perClass = nlohmann::json::object();
        for (size_t c = 0; c < r.zeroShot->perClass.size(); ++c)
            perClass[c < classNames.size() ? classNames[c] : std::to_string(c)] = r.zeroShot->perClass[c];
        j["zero_shot"] = {{"top1", r.zeroShot->top1}, {"top5", r.zeroShot->top5}, {"per_class", perClass}};
    }
    return j;
}

}  // namespace clipdesk

namespace clipdesk {

EvaluationSummary summarise(const EvaluationReport& r) {
    EvaluationSummary s;
    s.epoch = r.epoch;
    s.step = r.step;
    s.validationLoss = r.validationLoss;
    if (const auto it = r.recall.imageToText.find(1); it != r.recall.imageToText.end()) s.imageToTextR1 = it->second;
    if (const auto it = r.recall.textToImage.find(1); it != r.recall.textToImage.end()) s.textToImageR1 = it->second;
    if (r.zeroShot) s.zeroShotTop1 = r.zeroShot->top1;
    return s;
}

}  // namespace clipdesk
