// clipdesk-cli train: contrastive fine-tuning of a model (--model) or training from a
// configuration (--config), printing one JSON line per logged step and per evaluation.
// Ctrl+C stops after saving a checkpoint that --resume continues from.

#include "cli_command.h"
#include "dataset_options.h"
#include "json_output.h"

#include "clip/image/opencv_image_decoder.h"
#include "clip/model/compute_threads.h"
#include "clip/model_files.h"
#include "clip/weights/checkpoint_loader.h"
#include "training/clip_trainer.h"
#include "training/data/batch_loader.h"
#include "training/data/split.h"
#include "training/data/zero_shot_task.h"

#include <torch/torch.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>

namespace clipdesk::cli {
namespace {

std::atomic<bool> interrupted{false};

class PrintingObserver : public TrainingObserver {
public:
    explicit PrintingObserver(std::vector<std::string> classNames) : classNames_(std::move(classNames)) {}
    void onProgress(const TrainingProgress& p) override { printJsonLine(Json::parse(toJson(p).dump())); }
    void onEvaluation(const EvaluationReport& r) override { printJsonLine(Json::parse(toJson(r, classNames_).dump())); }
    void onCheckpoint(const std::string& folder) override { std::cerr << "clipdesk-cli: checkpoint " << folder << '\n'; }
    bool stopRequested() override { return interrupted.load(); }

private:
    std::vector<std::string> classNames_;
};

class TrainCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("train", "Fine-tune a CLIP model, or train one from a configuration, on "
                                                   "image-caption pairs");
        data_.declare(cmd);
        auto* source = cmd->add_option_group("model", "Where the weights start from");
        source->add_option("-m,--model", model_, "Model folder or weights file to fine-tune");
        source->add_option("--config", config_, "config.json of a model to train from scratch");
        source->require_option(1);
        cmd->add_option("--out", options_.outDir, "Output folder: model, checkpoints, train_log.jsonl")->required();
        cmd->add_option("--vocab", vocab_, "BPE vocabulary (default: the model's, or beside --config)");
        cmd->add_option("--epochs", options_.epochs)->check(CLI::PositiveNumber)->capture_default_str();
        cmd->add_option("--batch-size", options_.batchSize, "Pairs per step: the contrastive batch")
            ->check(CLI::Range(2, 1 << 20))->capture_default_str();
        cmd->add_option("--accumulation", options_.accumulationSteps,
                        "Micro-batches per step (less memory; the loss still covers the whole batch)")
            ->check(CLI::PositiveNumber)->capture_default_str();
        cmd->add_option("--lr", options_.learningRate, "Peak learning rate")->capture_default_str();
        cmd->add_option("--weight-decay", options_.weightDecay, "AdamW weight decay (not on gains, biases, "
                                                                "embeddings, temperature)")->capture_default_str();
        cmd->add_option("--warmup", options_.warmupSteps, "Linear warm-up steps")->capture_default_str();
        cmd->add_option("--grad-clip", options_.gradClipNorm, "Gradient norm clip (0 = off)")->capture_default_str();
        cmd->add_option("--device", options_.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
        cmd->add_option("--precision", precision_, "fp32, bf16 or fp16 (default: bf16 on CUDA, fp32 on CPU)")
            ->check(CLI::IsMember({"fp32", "bf16", "fp16"}));
        cmd->add_flag("--lock-image", options_.lockImage, "Freeze the image tower");
        cmd->add_flag("--lock-text", options_.lockText, "Freeze the text tower");
        cmd->add_option("--val-split", valSplit_, "Fraction held out for validation")->check(CLI::Range(0.0, 0.9))
            ->capture_default_str();
        cmd->add_option("--eval-templates", evalTemplatesFile_,
                        "Zero-shot templates for labelled data (default: Fashion-MNIST's held-out set, else "
                        "\"a photo of a {}.\")");
        cmd->add_option("--seed", options_.seed)->capture_default_str();
        cmd->add_flag("--resume", resume_, "Continue from the newest checkpoint in --out");
        cmd->add_option("--threads", threads_, "Compute threads (0 = all cores)")->check(CLI::NonNegativeNumber);
        cmd->add_option("--workers", workers_, "Image decoding threads")->check(CLI::NonNegativeNumber)
            ->capture_default_str();
        cmd->add_option("--log-every", options_.logEvery, "Steps per progress line")->check(CLI::PositiveNumber)
            ->capture_default_str();
        return cmd;
    }

    int run() override {
        setComputeThreads(threads_);
        const auto device = torch::cuda::is_available() && options_.device != "cpu";
        options_.precision = parsePrecision(!precision_.empty() ? precision_ : device ? "bf16" : "fp32");

        ClipModel model{nullptr};
        ClipConfig config;
        std::string vocabPath;
        if (!model_.empty()) {
            const auto files = locateModelFiles(model_);
            auto loaded = loadClipModel(files.weights, readModelConfig(files));
            model = loaded.model;
            config = loaded.config;
            vocabPath = !vocab_.empty() ? vocab_ : files.vocab.value_or("");
            if (vocabPath.empty()) vocabPath = findVocabulary("", model_);
        } else {
            config = ClipConfig::fromJsonFile(config_);
            if (config.name.empty()) config.name = std::filesystem::path(options_.outDir).filename().string();
            torch::manual_seed(options_.seed);
            model = ClipModel(config);
            vocabPath = findVocabulary(vocab_, config_);
        }
        const auto tokenizer = ClipTokenizer::fromMergesFile(vocabPath);
        if (static_cast<int>(tokenizer->vocabSize()) != config.text.vocabSize || tokenizer->eotId() != config.text.eotId)
            throw std::runtime_error(vocabPath + ": vocabulary of " + std::to_string(tokenizer->vocabSize()) +
                                     " tokens does not fit the model's " + std::to_string(config.text.vocabSize));

        const auto decoder = makeOpenCvImageDecoder();
        const auto dataset = data_.open(*decoder, config.vision.imageSize);
        const auto split = splitTrainValidation(dataset->size(), valSplit_, options_.seed);
        std::cerr << "clipdesk-cli: " << dataset->size() << " pairs: " << split.train.size() << " for training, "
                  << split.validation.size() << " for validation\n";

        BatchLoaderOptions trainLoading;
        trainLoading.batchSize = options_.batchSize;
        trainLoading.threads = workers_;
        trainLoading.seed = options_.seed;
        trainLoading.contextLength = config.text.contextLength;
        trainLoading.preprocess = config.preprocess;
        trainLoading.warn = [](const std::string& m) { std::cerr << "clipdesk-cli: warning: " << m << '\n'; };
        BatchLoader trainBatches(*dataset, split.train, trainLoading, tokenizer);

        std::unique_ptr<BatchLoader> validationBatches;
        if (!split.validation.empty())
            validationBatches = std::make_unique<BatchLoader>(*dataset, split.validation,
                                                              validationLoaderOptions(trainLoading), tokenizer);

        std::optional<ZeroShotTask> zeroShot;
        const auto classNames = dataset->classNames();
        if (!classNames.empty()) {
            const auto templates =
                evalTemplatesFile_.empty() ? defaultZeroShotTemplates(classNames) : readTemplatesFile(evalTemplatesFile_);
            zeroShot = makeZeroShotTask(classNames, templates, *tokenizer, config.text.contextLength);
        }

        std::filesystem::create_directories(options_.outDir);
        const auto vocabCopy = std::filesystem::path(options_.outDir) /
                               (vocabPath.size() > 3 && vocabPath.substr(vocabPath.size() - 3) == ".gz"
                                    ? "bpe_simple_vocab_16e6.txt.gz"
                                    : "merges.txt");
        if (!std::filesystem::exists(vocabCopy))
            std::filesystem::copy_file(vocabPath, vocabCopy);  // the output folder is a complete model

        ClipTrainer trainer(model, options_, trainBatches, validationBatches.get(), zeroShot);
        if (resume_ && !trainer.resume()) throw std::runtime_error(options_.outDir + ": no checkpoint to resume from");
        std::signal(SIGINT, [](int) { interrupted = true; });
        PrintingObserver observer(classNames);
        std::cerr << "clipdesk-cli: training on " << trainer.device() << ", " << precisionName(options_.precision)
                  << ", " << trainer.totalSteps() << " steps\n";
        const auto summary = trainer.run(observer);
        printJsonLine(Json{{"type", "done"},
                           {"steps", summary.steps},
                           {"seconds", summary.seconds},
                           {"stopped", summary.stopped},
                           {"out", options_.outDir}});
        return 0;
    }

private:
    DatasetOptions data_;
    TrainingOptions options_;
    std::string model_, config_, vocab_, precision_, evalTemplatesFile_;
    double valSplit_ = 0.1;
    bool resume_ = false;
    int threads_ = 0;
    int workers_ = 2;
};

}  // namespace

std::unique_ptr<CliCommand> makeTrainCommand() { return std::make_unique<TrainCommand>(); }

}  // namespace clipdesk::cli
