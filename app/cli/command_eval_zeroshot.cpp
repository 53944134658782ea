// clipdesk-cli eval-zeroshot: zero-shot classification of a labelled dataset (Fashion-MNIST
// or any folder-per-label tree) with prompt-ensembled class embeddings: top-1/top-5,
// per-class accuracy, the confusion matrix, and image->text recall against captions made
// from the same templates.

#include "cli_command.h"
#include "dataset_options.h"
#include "json_output.h"
#include "model_options.h"

#include "clip/model/prompt_ensemble.h"
#include "training/data/fashion_mnist_prompts.h"
#include "training/data/zero_shot_task.h"
#include "training/evaluation.h"

#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace clipdesk::cli {
namespace {

class EvalZeroShotCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("eval-zeroshot", "Zero-shot accuracy on a labelled dataset");
        model_.declare(cmd);
        cmd->add_option("--dataset", dataset_,
                        "fashion-mnist (from $CLIPDESK_FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist), "
                        "a Fashion-MNIST folder, or a folder per label")
            ->required();
        cmd->add_option("--templates", templates_,
                        "Templates file (one per line with {}), or 'single' (\"a photo of a {}.\"); default: "
                        "Fashion-MNIST's held-out set, else single");
        cmd->add_option("--split", split_, "Fashion-MNIST part")->check(CLI::IsMember({"train", "test"}))->capture_default_str();
        cmd->add_option("--limit", limit_, "Evaluate the first N images only")->check(CLI::NonNegativeNumber);
        return cmd;
    }

    int run() override {
        auto embedder = model_.openEmbedder();
        DatasetOptions data;
        data.pairs = datasetPath();
        data.split = split_;
        const auto dataset = data.open(embedder->decoder(), embedder->config().vision.imageSize);
        const auto classNames = dataset->classNames();
        if (classNames.empty()) throw std::runtime_error(data.pairs + ": not a labelled dataset");
        std::vector<std::string> templates{"a photo of a {}."};
        if (!templates_.empty() && templates_ != "single")
            templates = readTemplatesFile(templates_);
        else if (templates_.empty() && classNames == fashionMnistClassNames())
            templates = fashionMnistHeldOutTemplates();

        const int context = embedder->config().text.contextLength;
        const auto task = makeZeroShotTask(classNames, templates, embedder->tokenizer(), context);
        const auto flatPrompts = task.promptIds.reshape({-1, context});
        const auto promptEmbeddings = embedder->embedTokenIds(flatPrompts);  // [classes * templates, E]
        const auto classEmbeddings =
            ensembleClassEmbeddings(promptEmbeddings.view({task.promptIds.size(0), task.promptIds.size(1), -1}));

        const std::size_t count = limit_ > 0 ? std::min<std::size_t>(limit_, dataset->size()) : dataset->size();
        std::vector<torch::Tensor> images;
        std::vector<int64_t> labels;
        constexpr std::size_t kBatch = 256;
        for (std::size_t start = 0; start < count; start += kBatch) {
            std::vector<torch::Tensor> pixels;
            for (std::size_t i = start; i < std::min(count, start + kBatch); ++i) {
                pixels.push_back(embedder->preprocessor()(dataset->image(i)));
                labels.push_back(dataset->label(i));
            }
            images.push_back(embedder->embedPixels(torch::stack(pixels)));
            std::cerr << "\rclipdesk-cli: " << std::min(count, start + kBatch) << "/" << count << " images" << std::flush;
        }
        std::cerr << '\n';
        const auto imageEmbeddings = torch::cat(images);
        const auto labelTensor = torch::tensor(labels, torch::kLong);
        const auto accuracy = zeroShotAccuracy(imageEmbeddings, labelTensor, classEmbeddings);
        // Image->text recall over one caption per image: its class under template (i mod T), so
        // the captions differ; a retrieved caption of the right class counts as a hit.
        const auto templateCount = static_cast<int64_t>(templates.size());
        const auto captionRows = labelTensor * templateCount + torch::arange(static_cast<int64_t>(count)) % templateCount;
        const auto captionEmbeddings = promptEmbeddings.index_select(0, captionRows);
        const auto recall = retrievalRecall(imageEmbeddings, captionEmbeddings, labelTensor);

        Json perClass = Json::object();
        for (std::size_t c = 0; c < classNames.size(); ++c) perClass[classNames[c]] = accuracy.perClass[c];
        Json recallJson = Json::object();
        for (const auto& [k, v] : recall.imageToText) recallJson["R@" + std::to_string(k)] = v;
        printJsonLine(Json{{"dataset", data.pairs},
                           {"images", count},
                           {"classes", classNames.size()},
                           {"templates", templates.size()},
                           {"top1", accuracy.top1},
                           {"top5", accuracy.top5},
                           {"per_class", perClass},
                           {"image_to_text_recall", recallJson},
                           {"confusion", tensorToJson(accuracy.confusion)}});
        return 0;
    }

private:
    std::string datasetPath() const {
        if (dataset_ != "fashion-mnist") return dataset_;
        if (const char* env = std::getenv("CLIPDESK_FASHION_MNIST_DIR"); env && *env) return env;
        return "/usr/share/datasets/fashion-mnist";
    }

    ModelOptions model_;
    std::string dataset_, templates_, split_ = "test";
    std::size_t limit_ = 0;
};

}  // namespace

std::unique_ptr<CliCommand> makeEvalZeroShotCommand() { return std::make_unique<EvalZeroShotCommand>(); }

}  // namespace clipdesk::cli
