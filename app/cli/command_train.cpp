// clipdesk-cli train: contrastive fine-tuning of a model (--model) or training from a
// configuration (--config), printing one JSON line per logged step and per evaluation.
// Ctrl+C stops after saving a checkpoint that --resume continues from. With the
// torch.distributed environment set (torchrun's MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE,
// LOCAL_RANK) it is one rank of a data-parallel run; --nproc-per-node N starts N ranks here.

#include "cli_command.h"
#include "dataset_options.h"
#include "json_output.h"
#include "number_checks.h"

#include "application/training_setup.h"
#include "interrupt_scope.h"
#include "local_ranks.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace clipdesk::cli {
namespace {

class PrintingObserver : public TrainingObserver {
public:
    explicit PrintingObserver(std::vector<std::string> classNames) : classNames_(std::move(classNames)) {}
    void onProgress(const TrainingProgress& p) override { printJsonLine(Json::parse(toJson(p).dump())); }
    void onEvaluation(const EvaluationReport& r) override { printJsonLine(Json::parse(toJson(r, classNames_).dump())); }
    void onCheckpoint(const std::string& folder) override { std::cerr << "clipdesk-cli: checkpoint " << folder << '\n'; }

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
        cmd->add_option("--vocab", vocab_, "Vocabulary: BPE merges, or vocab.txt for a BERT (Chinese-CLIP) text tower (default: the model's, or beside --config)");
        cmd->add_option("--epochs", options_.epochs)->check(positiveNumber())->capture_default_str();
        cmd->add_option("--batch-size", options_.batchSize, "Pairs per step: the contrastive batch")
            ->check(CLI::Range(2, 1 << 20))->capture_default_str();
        cmd->add_option("--accumulation", options_.accumulationSteps,
                        "Micro-batches per step (less memory; the loss still covers the whole batch)")
            ->check(positiveNumber())->capture_default_str();
        cmd->add_option("--lr", options_.learningRate, "Peak learning rate")->capture_default_str();
        cmd->add_option("--weight-decay", options_.weightDecay, "AdamW weight decay (not on gains, biases, "
                                                                "embeddings, temperature)")->capture_default_str();
        cmd->add_option("--warmup", options_.warmupSteps, "Linear warm-up steps")->capture_default_str();
        cmd->add_option("--grad-clip", options_.gradClipNorm, "Gradient norm clip (0 = off)")->capture_default_str();
        cmd->add_option("--device", options_.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
        cmd->add_option("--precision", precision_, "fp32, bf16 or fp16 (default: bf16 on CUDA, fp32 on CPU)")
            ->check(CLI::IsMember({"fp32", "bf16", "fp16"}));
        cmd->add_option("--weights-dtype", weightsDtype_,
                        "Dtype of the final model's weights: fp32, or fp16 for a file half the size")
            ->check(CLI::IsMember({"fp32", "fp16"}))->capture_default_str();
        cmd->add_flag("--lock-image", options_.lockImage, "Freeze the image tower");
        cmd->add_flag("--lock-text", options_.lockText, "Freeze the text tower");
        cmd->add_option("--val-split", valSplit_, "Fraction held out for validation")->check(CLI::Range(0.0, 0.9))
            ->capture_default_str();
        cmd->add_option("--eval-templates", evalTemplatesFile_,
                        "Zero-shot templates for labelled data (default: Fashion-MNIST's held-out set, else "
                        "\"a photo of a {}.\")");
        cmd->add_option("--seed", options_.seed)->capture_default_str();
        cmd->add_flag("--resume", resume_, "Continue from the newest checkpoint in --out");
        cmd->add_option("--threads", threads_, "Compute threads (0 = all cores)")->check(nonNegativeNumber());
        cmd->add_option("--workers", workers_, "Image decoding threads")->check(nonNegativeNumber())
            ->capture_default_str();
        cmd->add_option("--log-every", options_.logEvery, "Steps per progress line")->check(positiveNumber())
            ->capture_default_str();
        cmd->add_option("--nproc-per-node", processes_,
                        "Data-parallel processes on this machine (one per GPU); --batch-size stays the whole batch, "
                        "split over them")
            ->check(CLI::Range(1, 1024))->capture_default_str();
        cmd->add_option("--dist-backend", distributed_.backend, "auto (NCCL on CUDA, Gloo on CPU), gloo or nccl")
            ->check(CLI::IsMember({"auto", "gloo", "nccl"}))->capture_default_str();
        cmd->add_option("--dist-timeout", distributedTimeout_,
                        "Seconds a rank waits for the others (joining, each exchange) before it gives up")
            ->check(positiveNumber())->capture_default_str();
        cmd->add_flag("--local-loss", distributed_.localLoss,
                      "Data-parallel: each rank's loss over its own pairs against all (open_clip's; smaller "
                      "logit matrices, same gradient)");
        return cmd;
    }

    int run() override {
        if (processes_ > 1 && !std::getenv("WORLD_SIZE")) return runLocalRanks(processes_);
        const auto environment = distributedEnvironmentFromProcess();
        const bool leader = !environment || environment->rank == 0;
        TrainingRequest request;
        request.distributed = environment;
        distributed_.timeout = std::chrono::seconds(distributedTimeout_);
        request.distributedOptions = distributed_;
        request.pairs = data_.pairs;
        request.skipBadRows = data_.skipBadRows;
        request.allowOutsidePaths = data_.allowOutsidePaths;
        request.captionTemplates = data_.templatesFile;
        request.split = data_.split;
        request.captionLanguages = parseCaptionLanguages(data_.captionLanguages);
        request.model = model_;
        request.config = config_;
        request.vocab = vocab_;
        request.precision = precision_;
        request.options = options_;
        request.options.weightsDtype = weightsDtype_ == "fp16" ? torch::kHalf : torch::kFloat;
        request.validationSplit = valSplit_;
        request.evalTemplates = evalTemplatesFile_;
        request.resume = resume_;
        request.threads = threads_;
        request.workers = workers_;
        request.warn = [leader](const std::string& m) {
            if (leader) std::cerr << "clipdesk-cli: warning: " << m << '\n';
        };
        const auto training = prepareTraining(request);
        if (leader)
            std::cerr << "clipdesk-cli: " << training->pairs() << " pairs: " << training->trainingPairs()
                      << " for training, " << training->validationPairs() << " for validation\n";

        InterruptScope interruptScope;
        JobControl* self = nullptr;
        JobControl control([&](const JobProgress&) {
            if (interruptRequested()) self->cancel();
        });
        self = &control;
        PrintingObserver observer(training->classNames());
        if (leader) {
            std::cerr << "clipdesk-cli: training on " << training->device() << ", " << training->precision() << ", "
                      << training->totalSteps() << " steps";
            if (training->worldSize() > 1)
                std::cerr << ", " << training->worldSize() << " processes (" << training->distributedBackend() << ")";
            std::cerr << '\n';
        }
        const auto summary = training->run(observer, control);
        if (!leader) return 0;
        printJsonLine(Json{{"type", "done"},
                           {"steps", summary.steps},
                           {"seconds", summary.seconds},
                           {"stopped", summary.stopped},
                           {"out", options_.outDir},
                           {"world_size", training->worldSize()}});
        return 0;
    }

private:
    DatasetOptions data_;
    TrainingOptions options_;
    std::string model_, config_, vocab_, precision_, evalTemplatesFile_;
    std::string weightsDtype_ = "fp32";
    double valSplit_ = 0.1;
    bool resume_ = false;
    int threads_ = 0;
    int workers_ = 2;
    int processes_ = 1;
    DistributedOptions distributed_;
    int distributedTimeout_ = 1800;
};

}  // namespace

std::unique_ptr<CliCommand> makeTrainCommand() { return std::make_unique<TrainCommand>(); }

}  // namespace clipdesk::cli
