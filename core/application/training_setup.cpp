#include "application/training_setup.h"

#include "application/use_case_error.h"
#include "base/read_file.h"
#include "clip/image/photo_decoder.h"
#include "clip/model/compute_device.h"
#include "clip/model/compute_threads.h"
#include "clip/model_files.h"
#include "clip/weights/checkpoint_loader.h"
#include "training/data/batch_loader.h"
#include "training/data/fashion_mnist_prompts.h"
#include "training/data/open_pairs.h"
#include "training/data/split.h"
#include "training/data/zero_shot_task.h"

#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace clipdesk {
namespace {

class Training final : public PreparedTraining {
public:
    std::int64_t pairs() const override { return static_cast<std::int64_t>(dataset->size()); }
    std::int64_t trainingPairs() const override { return static_cast<std::int64_t>(split.train.size()); }
    std::int64_t validationPairs() const override { return static_cast<std::int64_t>(split.validation.size()); }
    std::int64_t totalSteps() const override { return trainer->totalSteps(); }
    std::int64_t stepsDone() const override { return trainer->position().step; }
    std::string device() const override { return trainer->device().str(); }
    std::string precision() const override { return precisionName(trainer->precision()); }
    int rank() const override { return group ? group->rank() : 0; }
    int worldSize() const override { return group ? group->worldSize() : 1; }
    std::string distributedBackend() const override { return group ? group->backendName() : ""; }
    const std::vector<std::string>& classNames() const override { return classes; }
    TrainingSummary run(TrainingObserver& observer, const JobControl& control) override {
        return trainer->run(observer, &control);
    }

    std::shared_ptr<DataParallelGroup> group;
    std::unique_ptr<ImageDecoder> decoder;
    std::unique_ptr<PairDataset> dataset;
    TrainValSplit split;
    std::vector<std::string> classes;
    std::unique_ptr<BatchLoader> trainBatches;
    std::unique_ptr<BatchLoader> validationBatches;
    std::unique_ptr<ClipTrainer> trainer;
};

void requireDevice(const std::string& device) {
    try {
        resolveDevice(device);
    } catch (const std::exception& e) {
        throw UseCaseError(UseCaseProblem::DeviceUnavailable, device, e.what());
    }
}

// The output folder is a complete model: its vocabulary beside the weights.
void copyVocabulary(const std::string& vocabPath, const std::string& outDir, TextTowerKind kind) {
    const bool gzipped = vocabPath.size() > 3 && vocabPath.substr(vocabPath.size() - 3) == ".gz";
    const auto copy = std::filesystem::path(outDir) / (kind == TextTowerKind::Bert ? "vocab.txt"
                                                       : gzipped                 ? "bpe_simple_vocab_16e6.txt.gz"
                                                                                 : "merges.txt");
    if (!std::filesystem::exists(copy)) std::filesystem::copy_file(vocabPath, copy);
}

}  // namespace

std::string findVocabulary(const std::string& explicitPath, const std::string& modelOrConfigPath, TextTowerKind kind) {
    if (!explicitPath.empty()) return explicitPath;
    const std::filesystem::path base(modelOrConfigPath);
    const auto dir = std::filesystem::is_directory(base) ? base : base.parent_path();
    if (kind == TextTowerKind::Bert) {
        if (auto vocab = findWordPieceVocabulary(dir.string())) return *vocab;
        throw UseCaseError(UseCaseProblem::NoVocabulary, modelOrConfigPath,
                           "no WordPiece vocabulary (vocab.txt) beside " + modelOrConfigPath +
                               "; pass --vocab FILE or set CLIPDESK_WORDPIECE_VOCAB");
    }
    if (auto vocab = findBpeVocabulary(dir.string())) return *vocab;
    throw UseCaseError(UseCaseProblem::NoVocabulary, modelOrConfigPath,
                       "no BPE vocabulary beside " + modelOrConfigPath +
                           "; pass --vocab FILE (clipdesk-cli train-vocab makes one) or set CLIPDESK_BPE_VOCAB");
}

std::vector<std::string> readTemplatesFile(const std::string& path) {
    std::istringstream in;
    try {
        in.str(readFileBytes(path));
    } catch (const FileReadError& e) {
        throw std::runtime_error(path + ": cannot open templates file (" + e.reason() + ")");
    }
    std::vector<std::string> templates;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
        if (line.find("{}") == std::string::npos)
            throw std::runtime_error(path + ":" + std::to_string(number) + ": template has no {} for the label");
        templates.push_back(line);
    }
    if (templates.empty()) throw std::runtime_error(path + ": no templates");
    return templates;
}

void capWarmup(TrainingOptions& options, std::int64_t totalSteps, const std::function<void(const std::string&)>& warn) {
    const auto say = [&warn](const std::string& message) {
        if (warn) warn(message);
    };
    const auto cap = static_cast<std::int64_t>(static_cast<double>(totalSteps) * kMaxWarmupFraction);
    if (options.warmupSteps > cap) {
        say("warm-up of " + std::to_string(options.warmupSteps) + " steps is more than " +
            std::to_string(static_cast<int>(kMaxWarmupFraction * 100)) + "% of the run's " + std::to_string(totalSteps) +
            " steps; using " + std::to_string(cap));
        options.warmupSteps = cap;
    }
    if (totalSteps < kFewestUsefulSteps)
        say("only " + std::to_string(totalSteps) + " steps: too short to learn much (add pairs or epochs, or lower the "
            "batch size, for at least " + std::to_string(kFewestUsefulSteps) + ")");
}

std::string rankDevice(const std::string& device, int localRank) {
    if ((device == "auto" || device == "cuda") && torch::cuda::is_available()) return "cuda:" + std::to_string(localRank);
    return device == "auto" ? "cpu" : device;
}

std::unique_ptr<PreparedTraining> prepareTraining(const TrainingRequest& request) {
    if (request.pairs.empty())
        throw UseCaseError(UseCaseProblem::NoPairs, "", "no pairs: choose a pairs file or a folder of photos");
    if (request.model.empty() && request.config.empty())
        throw UseCaseError(UseCaseProblem::NoBaseModel, "", "no model: choose a model to fine-tune or a configuration");
    if (request.options.outDir.empty())
        throw UseCaseError(UseCaseProblem::NoOutputFolder, "", "no output folder: choose where the model goes");
    TrainingOptions options = request.options;
    if (request.distributed) options.device = rankDevice(options.device, request.distributed->localRank);
    requireDevice(options.device);
    options.precision = parsePrecision(!request.precision.empty() ? request.precision : "auto");  // the trainer resolves auto
    setComputeThreads(request.threads);

    auto training = std::make_unique<Training>();
    int rank = 0, ranks = 1;
    if (request.distributed) {
        rank = request.distributed->rank;
        ranks = request.distributed->worldSize;
        if (options.batchSize % ranks != 0)
            throw std::invalid_argument("a batch of " + std::to_string(options.batchSize) + " does not split evenly over " +
                                        std::to_string(ranks) + " processes; choose a multiple of " + std::to_string(ranks));
        training->group = DataParallelGroup::join(*request.distributed, request.distributedOptions,
                                                  resolveDevice(options.device));
    }

    ClipModel model{nullptr};
    ClipConfig config;
    std::string vocabPath;
    if (!request.model.empty()) {
        const auto files = locateModelFiles(request.model);
        auto loaded = loadClipModel(files.weights, readModelConfig(files));
        model = loaded.model;
        config = loaded.config;
        vocabPath = !request.vocab.empty() ? request.vocab : files.vocabularyFor(config.text.kind).value_or("");
        if (vocabPath.empty()) vocabPath = findVocabulary("", request.model, config.text.kind);
    } else {
        config = ClipConfig::fromJsonFile(request.config);
        if (config.name.empty()) config.name = std::filesystem::path(options.outDir).filename().string();
        torch::manual_seed(options.seed);
        model = ClipModel(config);
        vocabPath = findVocabulary(request.vocab, request.config, config.text.kind);
    }
    std::shared_ptr<const TextTokenizer> tokenizer;
    try {
        tokenizer = openModelTokenizer(vocabPath, config, request.model.empty() ? request.config : request.model);
    } catch (const ModelFilesError& e) {
        throw UseCaseError(UseCaseProblem::VocabularyDoesNotFit, vocabPath, e.what());
    }

    training->decoder = makePhotoDecoder();
    PairsOptions pairsOptions;
    pairsOptions.skipBadRows = request.skipBadRows;
    pairsOptions.allowOutsidePaths = request.allowOutsidePaths;
    pairsOptions.split = request.split;
    pairsOptions.captionLanguages = request.captionLanguages;
    pairsOptions.decode.minShortSide = config.vision.imageSize;
    if (!request.captionTemplates.empty()) pairsOptions.templates = readTemplatesFile(request.captionTemplates);
    pairsOptions.warn = request.warn;
    training->dataset = openPairs(request.pairs, pairsOptions, *training->decoder);
    training->split = splitTrainValidation(training->dataset->size(), request.validationSplit, options.seed);

    BatchLoaderOptions loading;
    loading.batchSize = options.batchSize;
    loading.threads = std::min(request.workers, coresAvailable());  // 0 keeps its meaning
    loading.seed = options.seed;
    loading.shardRank = rank;
    loading.shardCount = ranks;
    loading.contextLength = config.text.contextLength;
    loading.preprocess = config.preprocess;
    loading.warn = request.warn;
    training->trainBatches = std::make_unique<BatchLoader>(*training->dataset, training->split.train, loading, tokenizer);
    if (training->trainBatches->batchesPerEpoch() == 0)
        throw UseCaseError(UseCaseProblem::TooFewPairs, std::to_string(options.batchSize),
                           request.pairs + ": " + std::to_string(training->split.train.size()) +
                               " training pairs are too few for one batch of " + std::to_string(options.batchSize) +
                               "; lower the batch size");
    capWarmup(options, static_cast<std::int64_t>(options.epochs) * training->trainBatches->batchesPerEpoch(), request.warn);
    if (!training->split.validation.empty() && rank == 0)
        training->validationBatches = std::make_unique<BatchLoader>(
            *training->dataset, training->split.validation, validationLoaderOptions(loading), tokenizer);

    std::optional<ZeroShotTask> zeroShot;
    training->classes = training->dataset->classNames();
    if (!training->classes.empty()) {
        auto classes = training->classes;
        auto templates = request.evalTemplates.empty() ? defaultZeroShotTemplates(training->classes)
                                                       : readTemplatesFile(request.evalTemplates);
        if (request.captionLanguages == CaptionLanguages::Chinese && classes == fashionMnistClassNames() &&
            request.evalTemplates.empty()) {
            classes = fashionMnistChineseClassNames();
            templates = fashionMnistChineseHeldOutTemplates();
        }
        zeroShot = makeZeroShotTask(classes, templates, *tokenizer, config.text.contextLength);
    }

    std::filesystem::create_directories(options.outDir);
    if (rank == 0) copyVocabulary(vocabPath, options.outDir, config.text.kind);
    training->trainer = std::make_unique<ClipTrainer>(model, options, *training->trainBatches,
                                                      training->validationBatches.get(), zeroShot, training->group);
    if (request.resume && !training->trainer->resume())
        throw UseCaseError(UseCaseProblem::NoCheckpoint, options.outDir, options.outDir + ": no checkpoint to resume from");
    return training;
}

}  // namespace clipdesk
