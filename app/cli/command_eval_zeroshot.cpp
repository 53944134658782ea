// clipdesk-cli eval-zeroshot: zero-shot classification of a labelled dataset (Fashion-MNIST
// or any folder-per-label tree) with prompt-ensembled class embeddings (the same label encoder
// as tagging): top-1/top-5, per-class accuracy, the confusion matrix, and image->text recall
// against captions made from the same templates. Optionally also few-shot linear probes
// (--shots) and the multi-label threshold methods (--multilabel), both drawing on images of the
// training split (--train-pool). --language zh evaluates in Chinese: Fashion-MNIST's Chinese
// class names with its held-out Chinese templates (else the class names with 一张{}的照片。).

#include "cli_command.h"
#include "dataset_options.h"
#include "json_output.h"
#include "model_options.h"
#include "number_checks.h"

#include "tagging/label_encoder.h"
#include "tagging/tagging_evaluation.h"
#include "training/data/fashion_mnist_prompts.h"
#include "training/evaluation.h"

#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace clipdesk::cli {
namespace {

LabelledEmbeddings embedDataset(ClipEmbedder& embedder, const PairDataset& dataset, std::size_t count, const char* what) {
    std::vector<torch::Tensor> images;
    std::vector<int64_t> labels;
    constexpr std::size_t kBatch = 256;
    for (std::size_t start = 0; start < count; start += kBatch) {
        std::vector<torch::Tensor> pixels;
        for (std::size_t i = start; i < std::min(count, start + kBatch); ++i) {
            pixels.push_back(embedder.preprocessor()(dataset.image(i)));
            labels.push_back(dataset.label(i));
        }
        images.push_back(embedder.embedPixels(torch::stack(pixels)));
        std::cerr << "\rclipdesk-cli: " << what << ' ' << std::min(count, start + kBatch) << "/" << count << " images"
                  << std::flush;
    }
    std::cerr << '\n';
    return {torch::cat(images), torch::tensor(labels, torch::kLong)};
}

std::vector<int> parseShots(const std::string& text) {
    std::vector<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        try {
            const int k = std::stoi(item);
            if (k < 1) throw std::invalid_argument("");
            out.push_back(k);
        } catch (const std::exception&) {
            throw std::runtime_error("--shots: \"" + item + "\" is not a positive number (expected e.g. 1,2,4,8,16)");
        }
    }
    return out;
}

Json metricsJson(const MultiLabelMetrics& m) {
    return Json{{"threshold", m.threshold}, {"macro_precision", m.macroPrecision}, {"macro_recall", m.macroRecall},
                {"macro_f1", m.macroF1}};
}

class EvalZeroShotCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("eval-zeroshot", "Zero-shot (and few-shot) accuracy on a labelled dataset");
        model_.declare(cmd);
        cmd->add_option("--dataset", dataset_,
                        "fashion-mnist (from $CLIPDESK_FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist), "
                        "a Fashion-MNIST folder, or a folder per label")
            ->required();
        cmd->add_option("--templates", templates_,
                        "imagenet80, short7, single, or a templates file (one per line with {}); default: "
                        "Fashion-MNIST's held-out set, else single");
        cmd->add_option("--language", language_,
                        "Prompt language: en, or zh (Fashion-MNIST's Chinese class names and held-out Chinese "
                        "templates; other datasets' class names with 一张{}的照片。)")
            ->check(CLI::IsMember({"en", "zh"}))
            ->capture_default_str();
        cmd->add_option("--split", split_, "Fashion-MNIST part")->check(CLI::IsMember({"train", "test"}))->capture_default_str();
        cmd->add_option("--limit", limit_, "Evaluate the first N images only")->check(nonNegativeNumber());
        cmd->add_option("--shots", shots_, "Also evaluate few-shot linear probes with these shots per class, e.g. 1,2,4,8,16");
        cmd->add_option("--seeds", seeds_, "Random draws of the shots to average over")->check(positiveNumber())->capture_default_str();
        cmd->add_option("--probe-l2", probe_.l2, "L2 penalty of the probes")->capture_default_str();
        cmd->add_flag("--multilabel", multiLabel_, "Also compare the multi-label threshold methods (macro P/R/F1)");
        cmd->add_option("--train-pool", trainPool_, "Training-split images to draw shots from and to calibrate thresholds on")
            ->check(positiveNumber())
            ->capture_default_str();
        return cmd;
    }

    int run() override {
        auto embedder = model_.openEmbedder(ModelTowers::both());
        DatasetOptions data;
        data.pairs = datasetPath();
        data.split = split_;
        const auto dataset = data.open(embedder->decoder(), embedder->config().vision.imageSize);
        auto classNames = dataset->classNames();
        if (classNames.empty()) throw std::runtime_error(data.pairs + ": not a labelled dataset");
        const bool fashionMnist = classNames == fashionMnistClassNames();
        const bool chinese = language_ == "zh";
        if (chinese && fashionMnist) classNames = fashionMnistChineseClassNames();
        TemplateSet templates = chinese ? makeTemplateSet("single-zh", {"一张{}的照片。"})
                                        : makeTemplateSet("single", {"a photo of a {}."});
        if (!templates_.empty())
            templates = loadTemplateSet(templates_);
        else if (fashionMnist && chinese)
            templates = makeTemplateSet("fashion-mnist-held-out-zh", fashionMnistChineseHeldOutTemplates());
        else if (fashionMnist)
            templates = makeTemplateSet("fashion-mnist-held-out", fashionMnistHeldOutTemplates());
        const auto shots = parseShots(shots_);

        const auto vocabulary = makeLabelVocabulary(data.pairs, classNames);
        const auto encoding = encodeLabels(*embedder, vocabulary.labels, templates);
        const auto& classEmbeddings = encoding.labels;

        const std::size_t count = limit_ > 0 ? std::min<std::size_t>(limit_, dataset->size()) : dataset->size();
        const auto test = embedDataset(*embedder, *dataset, count, "evaluation");
        const auto accuracy = zeroShotAccuracy(test.embeddings, test.labels, classEmbeddings);
        // Image->text recall over one caption per image: its class under template (i mod T, T the
        // templates of the class name's language), so the captions differ; a retrieved caption of
        // the right class counts as a hit.
        std::vector<int64_t> firstRows, templateCounts;
        for (std::size_t c = 0; c < classNames.size(); ++c) {
            firstRows.push_back(encoding.firstPrompt[c]);
            templateCounts.push_back(static_cast<int64_t>(templates.templatesFor(classNames[c]).size()));
        }
        const auto captionRows = torch::tensor(firstRows).index_select(0, test.labels) +
                                 torch::arange(static_cast<int64_t>(count)) %
                                     torch::tensor(templateCounts).index_select(0, test.labels);
        const auto captionEmbeddings = encoding.prompts.index_select(0, captionRows);
        const auto recall = retrievalRecall(test.embeddings, captionEmbeddings, test.labels);

        Json perClass = Json::object();
        for (std::size_t c = 0; c < classNames.size(); ++c) perClass[classNames[c]] = accuracy.perClass[c];
        Json recallJson = Json::object();
        for (const auto& [k, v] : recall.imageToText) recallJson["R@" + std::to_string(k)] = v;
        Json out{{"dataset", data.pairs},
                 {"images", count},
                 {"classes", classNames.size()},
                 {"language", language_},
                 {"template_set", templates.name},
                 {"templates", templates.templatesFor(classNames.front()).size()},
                 {"top1", accuracy.top1},
                 {"top5", accuracy.top5},
                 {"per_class", perClass},
                 {"image_to_text_recall", recallJson},
                 {"confusion", tensorToJson(accuracy.confusion)}};

        if (!shots.empty() || multiLabel_) {
            DatasetOptions trainData = data;
            trainData.split = "train";
            const auto trainSet = trainData.open(embedder->decoder(), embedder->config().vision.imageSize);
            const auto pool = embedDataset(*embedder, *trainSet, std::min(trainPool_, trainSet->size()), "training pool");
            if (!shots.empty()) {
                Json fewShot = Json::array();
                const auto priors = classEmbeddings * embedder->logitScale();
                for (const int k : shots) {
                    const auto plain = fewShotProbeAccuracy(pool, test, {k, seeds_, torch::Tensor(), probe_});
                    const auto prior = fewShotProbeAccuracy(pool, test, {k, seeds_, priors, probe_});
                    fewShot.push_back(Json{{"shots", k},
                                           {"seeds", seeds_},
                                           {"probe_top1", plain.meanTop1},
                                           {"probe_top1_std", plain.stdTop1},
                                           {"probe_text_prior_top1", prior.meanTop1},
                                           {"probe_text_prior_top1_std", prior.stdTop1}});
                    std::cerr << "clipdesk-cli: " << k << "-shot probe top-1 " << plain.meanTop1 << ", with text prior "
                              << prior.meanTop1 << '\n';
                }
                out["few_shot"] = fewShot;
                out["probe_l2"] = probe_.l2;
            }
            if (multiLabel_) {
                Json methods = Json::array();
                for (const auto& c : compareThresholdMethods(pool, test, classEmbeddings))
                    methods.push_back(Json{{"method", thresholdMethodName(c.method)},
                                           {"calibrated", metricsJson(c.calibration)},
                                           {"test", metricsJson(c.test)},
                                           {"test_oracle", metricsJson(c.oracle)}});
                out["multilabel"] = methods;
            }
            out["train_pool"] = pool.labels.size(0);
        }
        printJsonLine(out);
        return 0;
    }

private:
    std::string datasetPath() const {
        if (dataset_ != "fashion-mnist") return dataset_;
        if (const char* env = std::getenv("CLIPDESK_FASHION_MNIST_DIR"); env && *env) return env;
        return "/usr/share/datasets/fashion-mnist";
    }

    ModelOptions model_;
    std::string dataset_, templates_, split_ = "test", shots_, language_ = "en";
    std::size_t limit_ = 0, trainPool_ = 10000;
    int seeds_ = 5;
    bool multiLabel_ = false;
    LinearProbeOptions probe_;
};

}  // namespace

std::unique_ptr<CliCommand> makeEvalZeroShotCommand() { return std::make_unique<EvalZeroShotCommand>(); }

}  // namespace clipdesk::cli
