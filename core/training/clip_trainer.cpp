#include "training/clip_trainer.h"

#include "clip/model/autocast_scope.h"

#include "clip/model/compute_device.h"
#include "clip_loss.h"
#include "out_of_memory.h"
#include "parameter_groups.h"

#include <c10/core/DeviceGuard.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <filesystem>

namespace clipdesk {
namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

ClipTrainer::ClipTrainer(ClipModel model, TrainingOptions options, TrainingBatchSource& train,
                         TrainingBatchSource* validation, std::optional<ZeroShotTask> zeroShot,
                         std::shared_ptr<DataParallelGroup> group)
    : model_(std::move(model)),
      options_(std::move(options)),
      train_(train),
      validation_(validation),
      zeroShot_(std::move(zeroShot)),
      group_(std::move(group)),
      scaler_(false) {
    if (options_.lockImage && options_.lockText) throw std::invalid_argument("both towers locked: nothing would train");
    if (options_.batchSize < 2) throw std::invalid_argument("the contrastive batch needs at least 2 pairs");
    if (options_.accumulationSteps < 1 || options_.accumulationSteps > options_.batchSize)
        throw std::invalid_argument("accumulation steps must be between 1 and the batch size");
    if (options_.batchSize % ranks() != 0 || options_.accumulationSteps > options_.batchSize / ranks())
        throw std::invalid_argument("a batch of " + std::to_string(options_.batchSize) + " does not split into " +
                                    std::to_string(ranks()) + " ranks x " + std::to_string(options_.accumulationSteps) +
                                    " micro-batches; choose a batch size that is a multiple of both");
    device_ = resolveDevice(options_.device);
    options_.precision = trainingPrecision(options_.precision, device_);
    scaler_ = LossScaler(options_.precision == ComputePrecision::Float16 && device_.is_cuda());
    model_->to(device_);
    train_.setDestination(device_);
    if (validation_) validation_->setDestination(device_);
    model_->train();
    if (group_) group_->broadcastFromLeader(model_->parameters());  // as DDP: every rank starts from rank 0's weights

    auto groups = trainableParameterGroups(model_, options_.lockImage, options_.lockText);
    trainable_ = groups.decay;
    trainable_.insert(trainable_.end(), groups.noDecay.begin(), groups.noDecay.end());
    if (group_) group_->attachGradientAverage(trainable_);
    auto adamw = [&](double decay) {
        return std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(options_.learningRate)
                                                                .betas({options_.beta1, options_.beta2})
                                                                .eps(options_.eps)
                                                                .weight_decay(decay));
    };
    std::vector<torch::optim::OptimizerParamGroup> paramGroups;
    paramGroups.emplace_back(groups.decay, adamw(options_.weightDecay));
    paramGroups.emplace_back(groups.noDecay, adamw(0.0));
    optimizer_ = std::make_unique<torch::optim::AdamW>(paramGroups, torch::optim::AdamWOptions(options_.learningRate));
    schedule_ = std::make_unique<WarmupCosineSchedule>(options_.learningRate, options_.warmupSteps, totalSteps());

    if (!options_.outDir.empty() && leader()) {
        std::filesystem::create_directories(options_.outDir);
        log_.open(std::filesystem::path(options_.outDir) / "train_log.jsonl", std::ios::app);
    }
}

std::int64_t ClipTrainer::totalSteps() const {
    return static_cast<std::int64_t>(options_.epochs) * static_cast<std::int64_t>(train_.batchesPerEpoch());
}

bool ClipTrainer::resume() {
    if (options_.outDir.empty()) return false;
    const auto checkpoint = latestTrainingCheckpoint(options_.outDir);
    if (!checkpoint) return false;
    const auto position = loadTrainingCheckpoint(*checkpoint, model_, *optimizer_);
    if (position.worldSize != ranks())
        throw std::runtime_error(*checkpoint + ": written by a run of " + std::to_string(position.worldSize) +
                                 " process(es); resume it with " + std::to_string(position.worldSize) + ", not " +
                                 std::to_string(ranks()) + " (--nproc-per-node or WORLD_SIZE)");
    position_ = position;
    scaler_.setScale(position_.lossScale);
    return true;
}

void ClipTrainer::log(const nlohmann::json& record) {
    if (log_.is_open()) log_ << record.dump() << '\n' << std::flush;
}

torch::Tensor ClipTrainer::embedImages(const torch::Tensor& pixels, bool withGrad) {
    if (withGrad && !options_.lockImage) return model_->embedImage(pixels);
    torch::NoGradGuard noGrad;
    return model_->embedImage(pixels);
}

torch::Tensor ClipTrainer::embedTexts(const torch::Tensor& ids, bool withGrad) {
    if (withGrad && !options_.lockText) return model_->embedText(ids);
    torch::NoGradGuard noGrad;
    return model_->embedText(ids);
}

torch::Tensor ClipTrainer::batchLoss(const torch::Tensor& images, const torch::Tensor& texts,
                                     const torch::Tensor& logitScale) {
    if (!group_) return clipContrastiveLoss(images, texts, logitScale).loss;
    const auto allImages = group_->allGatherWithGrad(images);
    const auto allTexts = group_->allGatherWithGrad(texts);
    if (group_->localLoss())
        return clipContrastiveLocalLoss(images, texts, allImages, allTexts, logitScale, images.size(0) * group_->rank()).loss;
    return clipContrastiveLoss(allImages, allTexts, logitScale).loss;
}

double ClipTrainer::accumulateGradients(const TrainingBatch& batch) {
    c10::DeviceGuard onDevice(device_);
    optimizer_->zero_grad();
    // Asynchronous from pinned memory (TrainingBatchSource::setDestination).
    const auto pixels = batch.pixels.to(device_, /*non_blocking=*/true);
    const auto ids = batch.tokenIds.to(device_, /*non_blocking=*/true);
    const int micro = std::min<int>(options_.accumulationSteps, static_cast<int>(pixels.size(0)));
    double lossValue = 0;
    {
        AutocastScope autocast(options_.precision, device_);
        if (micro == 1) {
            const auto loss = batchLoss(embedImages(pixels, true), embedTexts(ids, true), model_->logit_scale);
            if (group_) group_->armGradientAverage();
            scaler_.scaled(loss).backward();
            lossValue = loss.item<double>();
        } else {
            // As open_clip's accum_freq: features of every micro-batch first without gradients,
            // then each micro-batch again with gradients against the others' cached features,
            // so the summed gradients equal those of the loss over the whole batch. Unlike
            // open_clip, the temperature takes part in one pass only (otherwise its gradient
            // would be counted once per micro-batch): the last, so that every gradient is final
            // within one backward and a data-parallel run can average while it runs.
            const auto pixelChunks = pixels.chunk(micro);
            const auto idChunks = ids.chunk(micro);
            std::vector<torch::Tensor> cachedImages, cachedTexts;
            for (int j = 0; j < micro; ++j) {
                cachedImages.push_back(embedImages(pixelChunks[j], false));
                cachedTexts.push_back(embedTexts(idChunks[j], false));
            }
            for (int j = 0; j < micro; ++j) {
                auto images = cachedImages, texts = cachedTexts;
                images[j] = embedImages(pixelChunks[j], true);
                texts[j] = embedTexts(idChunks[j], true);
                const auto scale = j == micro - 1 ? model_->logit_scale : model_->logit_scale.detach();
                const auto loss = batchLoss(torch::cat(images), torch::cat(texts), scale);
                if (group_ && j == micro - 1) group_->armGradientAverage();
                scaler_.scaled(loss).backward();
                if (j == 0) lossValue = loss.item<double>();
            }
        }
    }
    if (group_) {
        group_->finishGradientAverage();
        if (group_->localLoss()) lossValue = group_->sumOverRanks(lossValue) / ranks();
    }
    return lossValue;
}

double ClipTrainer::step(const TrainingBatch& batch) {
    try {
        const double lossValue = accumulateGradients(batch);
        c10::DeviceGuard onDevice(device_);
        if (!scaler_.unscaleAndCheck(trainable_)) return lossValue;  // overflow: step skipped
        if (options_.gradClipNorm > 0) torch::nn::utils::clip_grad_norm_(trainable_, options_.gradClipNorm);
        optimizer_->step();
        torch::NoGradGuard noGrad;
        model_->logit_scale.clamp_(0, std::log(options_.maxLogitScale));
        return lossValue;
    } catch (const c10::OutOfMemoryError&) {
        optimizer_->zero_grad();
        throw TrainingOutOfMemory(outOfMemoryMessage(options_, device_));
    }
}

EvaluationReport ClipTrainer::evaluate() {
    EvaluationReport report;
    report.epoch = position_.epoch;
    report.step = position_.step;
    if (!validation_) return report;
    c10::DeviceGuard onDevice(device_);
    ValidationEmbeddings v;
    try {
        v = embedValidationSet(model_, *validation_, device_);
    } catch (const c10::OutOfMemoryError&) {
        throw TrainingOutOfMemory(outOfMemoryMessage(options_, device_) + " (while embedding the validation set)");
    }
    if (!v.images.defined()) return report;
    report.validationLoss = v.loss;
    report.recall = retrievalRecall(v.images, v.texts, v.labels);
    if (zeroShot_ && (v.labels >= 0).all().item<bool>()) {
        const bool wasTraining = model_->is_training();
        model_->eval();
        const auto classifier = zeroShotClassifier(model_, zeroShot_->promptIds, device_);
        if (wasTraining) model_->train();
        report.zeroShot = zeroShotAccuracy(v.images, v.labels, classifier);
    }
    return report;
}

TrainingSummary ClipTrainer::run(TrainingObserver& observer, const JobControl* control) {
    TrainingSummary summary;
    const auto start = Clock::now();
    const auto total = totalSteps();
    auto windowStart = Clock::now();
    double windowLoss = 0;
    std::int64_t windowSteps = 0, windowSamples = 0, stepsThisRun = 0;
    double rate = 0, eta = -1;

    auto checkpoint = [&] {
        if (options_.outDir.empty() || !leader()) return;
        position_.worldSize = ranks();
        position_.lossScale = scaler_.enabled() ? scaler_.scale() : 0;
        const auto dir = saveTrainingCheckpoint(options_.outDir, model_, *optimizer_, position_, options_.keepCheckpoints);
        saveModelFolder(options_.outDir, model_, model_->config().name, options_.weightsDtype);
        observer.onCheckpoint(dir);
    };

    while (position_.epoch < options_.epochs) {
        train_.startEpoch(position_.epoch, static_cast<std::size_t>(position_.batchInEpoch));
        while (auto batch = train_.next()) {
            bool stop = control && control->cancelled();
            if (group_) stop = group_->anyRank(stop);  // all ranks stop after the same step
            if (stop) {
                summary.stopped = true;
                checkpoint();
                summary.steps = stepsThisRun;
                summary.seconds = seconds(Clock::now() - start);
                return summary;
            }
            const double lr = schedule_->at(position_.step);
            for (auto& group : optimizer_->param_groups())
                static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
            windowLoss += step(*batch);
            windowSamples += batch->pixels.size(0) * ranks();
            ++windowSteps;
            ++stepsThisRun;
            ++position_.step;
            ++position_.batchInEpoch;
            // Every step, so that a stop request (Ctrl-C, the window's Stop) is heard at once.
            if (control) control->report(JobProgress{JobStage::Training, position_.step, total, {}, rate, eta});
            const bool lastOfEpoch = position_.batchInEpoch == static_cast<std::int64_t>(train_.batchesPerEpoch());
            if (leader() && (windowSteps == options_.logEvery || lastOfEpoch)) {
                const double elapsed = seconds(Clock::now() - windowStart);
                TrainingProgress p;
                p.epoch = position_.epoch;
                p.step = position_.step;
                p.totalSteps = total;
                p.loss = windowLoss / static_cast<double>(windowSteps);
                p.learningRate = lr;
                p.logitScale = model_->logit_scale.exp().item<double>();
                p.samplesPerSecond = windowSamples / std::max(1e-9, elapsed);
                p.etaSeconds = elapsed / static_cast<double>(windowSteps) * static_cast<double>(total - position_.step);
                log(toJson(p));
                observer.onProgress(p);
                rate = p.samplesPerSecond;
                eta = p.etaSeconds;
                windowStart = Clock::now();
                windowLoss = 0;
                windowSteps = windowSamples = 0;
            }
        }
        if (validation_ && leader()) {
            auto report = evaluate();
            log(toJson(report, zeroShot_ ? zeroShot_->classNames : std::vector<std::string>{}));
            observer.onEvaluation(report);
            summary.lastEvaluation = report;
        }
        ++position_.epoch;
        position_.batchInEpoch = 0;
        checkpoint();
    }
    if (group_) group_->barrier();  // no rank leaves while another still needs it
    summary.steps = stepsThisRun;
    summary.seconds = seconds(Clock::now() - start);
    return summary;
}

}  // namespace clipdesk
