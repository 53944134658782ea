#include "jobs/training_job.h"

#include "clip/image/opencv_image_decoder.h"
#include "clip/model/compute_threads.h"
#include "clip/model_files.h"
#include "clip/weights/checkpoint_loader.h"
#include "training/clip_trainer.h"
#include "training/data/batch_loader.h"
#include "training/data/open_pairs.h"
#include "training/data/split.h"
#include "training/data/zero_shot_task.h"

#include <torch/cuda.h>

#include <QCoreApplication>
#include <QThread>

#include <filesystem>

namespace clipdesk::ui {
namespace {

// Forwards the trainer's reports to the job's signals, queued onto the GUI thread.
class SignalObserver : public TrainingObserver {
public:
    SignalObserver(TrainingJob* job, std::shared_ptr<std::atomic<bool>> stop) : job_(job), stop_(std::move(stop)) {}

    void onProgress(const TrainingProgress& p) override {
        TrainingStep step;
        step.epoch = p.epoch;
        step.step = p.step;
        step.totalSteps = p.totalSteps;
        step.loss = p.loss;
        step.learningRate = p.learningRate;
        step.samplesPerSecond = p.samplesPerSecond;
        step.etaSeconds = p.etaSeconds;
        const QString line = QString::fromStdString(toJson(p).dump());
        QMetaObject::invokeMethod(job_, [job = job_, step, line] {
            Q_EMIT job->progressChanged(step);
            Q_EMIT job->logLine(line);
        }, Qt::QueuedConnection);
    }

    void onEvaluation(const EvaluationReport& r) override {
        TrainingEvaluation evaluation;
        evaluation.epoch = r.epoch;
        evaluation.step = r.step;
        evaluation.validationLoss = r.validationLoss;
        if (const auto it = r.recall.imageToText.find(1); it != r.recall.imageToText.end()) evaluation.imageToTextR1 = it->second;
        if (const auto it = r.recall.textToImage.find(1); it != r.recall.textToImage.end()) evaluation.textToImageR1 = it->second;
        if (r.zeroShot) evaluation.zeroShotTop1 = r.zeroShot->top1;
        const QString line = QString::fromStdString(toJson(r).dump());
        QMetaObject::invokeMethod(job_, [job = job_, evaluation, line] {
            Q_EMIT job->evaluated(evaluation);
            Q_EMIT job->logLine(line);
        }, Qt::QueuedConnection);
    }

    void onCheckpoint(const std::string& folder) override { log(QCoreApplication::translate("TrainingJob", "Checkpoint saved: %1").arg(QString::fromStdString(folder))); }

    bool stopRequested() override { return stop_->load(); }

    void log(const QString& line) {
        QMetaObject::invokeMethod(job_, [job = job_, line] { Q_EMIT job->logLine(line); }, Qt::QueuedConnection);
    }

private:
    TrainingJob* job_;
    std::shared_ptr<std::atomic<bool>> stop_;
};

TrainingOutcome runTraining(const TrainingRequest& request, SignalObserver& observer) {
    TrainingOutcome outcome;
    outcome.outDir = request.outDir;
    try {
        if (request.pairsPath.isEmpty()) throw std::runtime_error(QCoreApplication::translate("TrainingJob", "Choose a pairs file or a folder of photos.").toStdString());
        if (request.baseModel.isEmpty()) throw std::runtime_error(QCoreApplication::translate("TrainingJob", "Choose a model to fine-tune.").toStdString());
        if (request.outDir.isEmpty()) throw std::runtime_error(QCoreApplication::translate("TrainingJob", "Choose an output folder.").toStdString());
        setComputeThreads(request.threads);

        TrainingOptions options;
        options.epochs = request.epochs;
        options.batchSize = request.batchSize;
        options.learningRate = request.learningRate;
        options.warmupSteps = request.warmupSteps;
        options.weightDecay = request.weightDecay;
        options.lockImage = request.lockImage;
        options.lockText = request.lockText;
        options.logEvery = request.logEvery;
        options.device = request.device.toStdString();
        options.outDir = request.outDir.toStdString();
        const bool cuda = torch::cuda::is_available() && options.device != "cpu";
        options.precision = cuda ? ComputePrecision::BFloat16 : ComputePrecision::Float32;

        const auto files = locateModelFiles(request.baseModel.toStdString());
        auto loaded = loadClipModel(files.weights, readModelConfig(files));
        ClipModel model = loaded.model;
        const ClipConfig config = loaded.config;
        if (!files.vocab)
            throw std::runtime_error(QCoreApplication::translate("TrainingJob", "%1: the model has no BPE vocabulary beside it.").arg(request.baseModel).toStdString());
        const std::string vocabPath = *files.vocab;
        const auto tokenizer = ClipTokenizer::fromMergesFile(vocabPath);

        const auto decoder = makeOpenCvImageDecoder();
        PairsOptions pairsOptions;
        pairsOptions.decode.minShortSide = config.vision.imageSize;
        pairsOptions.warn = [&observer](const std::string& m) { observer.log(QCoreApplication::translate("TrainingJob", "Warning: %1").arg(QString::fromStdString(m))); };
        const auto dataset = openPairs(request.pairsPath.toStdString(), pairsOptions, *decoder);
        const auto split = splitTrainValidation(dataset->size(), request.validationSplit, options.seed);
        observer.log(QCoreApplication::translate("TrainingJob", "%1 pairs: %2 for training, %3 for validation")
                         .arg(dataset->size())
                         .arg(split.train.size())
                         .arg(split.validation.size()));

        BatchLoaderOptions trainLoading;
        trainLoading.batchSize = options.batchSize;
        trainLoading.threads = request.workers;
        trainLoading.seed = options.seed;
        trainLoading.contextLength = config.text.contextLength;
        trainLoading.preprocess = config.preprocess;
        trainLoading.warn = pairsOptions.warn;
        BatchLoader trainBatches(*dataset, split.train, trainLoading, tokenizer);
        if (trainBatches.batchesPerEpoch() == 0)
            throw std::runtime_error(QCoreApplication::translate("TrainingJob", "Too few training pairs for one batch of %1: lower the batch size.")
                                         .arg(options.batchSize)
                                         .toStdString());

        std::unique_ptr<BatchLoader> validationBatches;
        if (!split.validation.empty())
            validationBatches = std::make_unique<BatchLoader>(*dataset, split.validation,
                                                              validationLoaderOptions(trainLoading), tokenizer);

        std::optional<ZeroShotTask> zeroShot;
        const auto classNames = dataset->classNames();
        if (!classNames.empty()) {
            zeroShot = makeZeroShotTask(classNames, defaultZeroShotTemplates(classNames), *tokenizer,
                                        config.text.contextLength);
        }

        std::filesystem::create_directories(options.outDir);
        const auto vocabCopy = std::filesystem::path(options.outDir) /
                               (vocabPath.size() > 3 && vocabPath.substr(vocabPath.size() - 3) == ".gz"
                                    ? "bpe_simple_vocab_16e6.txt.gz"
                                    : "merges.txt");
        if (!std::filesystem::exists(vocabCopy)) std::filesystem::copy_file(vocabPath, vocabCopy);

        ClipTrainer trainer(model, options, trainBatches, validationBatches.get(), zeroShot);
        if (request.resume && !trainer.resume())
            throw std::runtime_error(QCoreApplication::translate("TrainingJob", "%1: no checkpoint to resume from.").arg(request.outDir).toStdString());
        observer.log(QCoreApplication::translate("TrainingJob", "Training on %1, %2 steps").arg(QString::fromStdString(trainer.device().str())).arg(trainer.totalSteps()));
        const auto summary = trainer.run(observer);
        outcome.steps = summary.steps;
        outcome.seconds = summary.seconds;
        outcome.stopped = summary.stopped;
    } catch (const std::exception& e) {
        outcome.error = QString::fromStdString(e.what());
    }
    return outcome;
}

}  // namespace

TrainingJob::TrainingJob(QObject* parent) : QObject(parent) {
    qRegisterMetaType<TrainingStep>();
    qRegisterMetaType<TrainingEvaluation>();
    qRegisterMetaType<TrainingOutcome>();
}

TrainingJob::~TrainingJob() {
    if (thread_) {
        stop();
        thread_->wait();
        delete thread_;
    }
}

bool TrainingJob::start(const TrainingRequest& request) {
    if (thread_) return false;
    stopRequested_ = std::make_shared<std::atomic<bool>>(false);
    auto stopFlag = stopRequested_;
    thread_ = QThread::create([this, request, stopFlag] {
        SignalObserver observer(this, stopFlag);
        const TrainingOutcome outcome = runTraining(request, observer);
        QMetaObject::invokeMethod(this, [this, outcome] { onThreadDone(outcome); }, Qt::QueuedConnection);
    });
    thread_->setObjectName("clipdesk-train");
    thread_->start();
    return true;
}

void TrainingJob::stop() {
    if (stopRequested_) stopRequested_->store(true);
}

void TrainingJob::onThreadDone(const TrainingOutcome& outcome) {
    if (thread_) {
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
    }
    Q_EMIT finished(outcome);
}

QString TrainingJob::deviceDescription() {
    if (torch::cuda::is_available()) return tr("CUDA (%1 GPUs)").arg(static_cast<int>(torch::cuda::device_count()));
    return tr("CPU");
}

}  // namespace clipdesk::ui
