#include "jobs/training_job.h"

#include "application/training_setup.h"
#include "services/use_case_messages.h"

#include "training/distributed/visible_gpus.h"

#include <QCoreApplication>

namespace clipdesk::ui {
namespace {

// Forwards the trainer's reports to the job's signals, queued onto the GUI thread.
class SignalObserver : public TrainingObserver {
public:
    explicit SignalObserver(TrainingJob* job) : job_(job) {}

    // One readable line per report (the JSON records stay in the run's train_log.jsonl).
    void onProgress(const TrainingProgress& p) override {
        const QString line = QCoreApplication::translate("TrainingJob", "Step %1 of %2 (epoch %3): loss %4, learning rate %5, %6 pairs/s")
                                 .arg(p.step)
                                 .arg(p.totalSteps)
                                 .arg(p.epoch + 1)
                                 .arg(QString::number(p.loss, 'f', 4))
                                 .arg(QString::number(p.learningRate, 'g', 3))
                                 .arg(QString::number(p.samplesPerSecond, 'f', 1));
        QMetaObject::invokeMethod(job_, [job = job_, p, line] {
            Q_EMIT job->progressChanged(p);
            Q_EMIT job->logLine(line);
        }, Qt::QueuedConnection);
    }

    void onEvaluation(const EvaluationReport& r) override {
        const EvaluationSummary summary = summarise(r);
        QString line = QCoreApplication::translate("TrainingJob",
                                                   "Validation at step %1: loss %2, image→text R@1 %3, text→image R@1 %4")
                           .arg(summary.step)
                           .arg(QString::number(summary.validationLoss, 'f', 4))
                           .arg(QString::number(summary.imageToTextR1, 'f', 3))
                           .arg(QString::number(summary.textToImageR1, 'f', 3));
        if (summary.zeroShotTop1 >= 0)
            line += QCoreApplication::translate("TrainingJob", ", zero-shot top-1 %1")
                        .arg(QString::number(summary.zeroShotTop1, 'f', 3));
        QMetaObject::invokeMethod(job_, [job = job_, summary, line] {
            Q_EMIT job->evaluated(summary);
            Q_EMIT job->logLine(line);
        }, Qt::QueuedConnection);
    }

    void onCheckpoint(const std::string& folder) override {
        log(QCoreApplication::translate("TrainingJob", "Checkpoint saved: %1").arg(QString::fromStdString(folder)));
    }

    void log(const QString& line) {
        QMetaObject::invokeMethod(job_, [job = job_, line] { Q_EMIT job->logLine(line); }, Qt::QueuedConnection);
    }

private:
    TrainingJob* job_;
};

clipdesk::TrainingRequest coreRequest(const TrainingRequest& r, SignalObserver& observer) {
    clipdesk::TrainingRequest request;
    request.pairs = r.pairsPath.toStdString();
    request.model = r.baseModel.toStdString();
    request.options.outDir = r.outDir.toStdString();
    request.options.epochs = r.epochs;
    request.options.batchSize = r.batchSize;
    request.options.learningRate = r.learningRate;
    request.options.warmupSteps = r.warmupSteps;
    request.options.weightDecay = r.weightDecay;
    request.options.lockImage = r.lockImage;
    request.options.lockText = r.lockText;
    request.options.logEvery = r.logEvery;
    request.options.device = r.device.toStdString();
    request.validationSplit = r.validationSplit;
    request.resume = r.resume;
    request.threads = r.threads;
    request.workers = r.workers;
    request.warn = [&observer](const std::string& m) {
        observer.log(QCoreApplication::translate("TrainingJob", "Warning: %1").arg(QString::fromStdString(m)));
    };
    return request;
}

}  // namespace

TrainingJob::TrainingJob(QObject* parent) : QObject(parent) {
    qRegisterMetaType<TrainingProgress>();
    qRegisterMetaType<EvaluationSummary>();
    qRegisterMetaType<TrainingOutcome>();
}

TrainingJob::~TrainingJob() { run_.stopAndWait(); }

bool TrainingJob::start(const TrainingRequest& request) {
    return run_.start(
        this, {}, {},
        [this, request](const JobControl& control) {
            TrainingOutcome outcome;
            outcome.outDir = request.outDir;
            SignalObserver observer(this);
            try {
                const auto describe = [&observer](const PreparedTraining& training) {
                    observer.log(QCoreApplication::translate("TrainingJob", "%1 pairs: %2 for training, %3 for validation")
                                     .arg(training.pairs())
                                     .arg(training.trainingPairs())
                                     .arg(training.validationPairs()));
                    observer.log(QCoreApplication::translate("TrainingJob", "Training on %1, %2 steps")
                                     .arg(QString::fromStdString(training.device() + ", " + training.precision()))
                                     .arg(training.totalSteps()));
                };
                const auto summary =
                    trainOnLocalRanks(coreRequest(request, observer), request.gpus, observer, control, describe);
                outcome.steps = summary.steps;
                outcome.seconds = summary.seconds;
                outcome.stopped = summary.stopped;
            } catch (const std::exception& e) {
                outcome.error = useCaseMessage(e);
            }
            return outcome;
        },
        [this](const TrainingOutcome& outcome) { Q_EMIT finished(outcome); });
}

void TrainingJob::stop() { run_.cancel(); }

int TrainingJob::visibleGpus() { return visibleGpuCount(); }

QString TrainingJob::deviceDescription() {
    if (const int gpus = visibleGpus(); gpus > 0) return tr("CUDA (%1 GPUs)").arg(gpus);
    return tr("CPU");
}

}  // namespace clipdesk::ui
