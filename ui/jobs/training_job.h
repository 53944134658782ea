#pragma once
// A fine-tuning run (core ClipTrainer) on a worker thread, wired the way `clipdesk-cli train`
// wires it: pairs -> seeded train/validation split -> batch loaders -> trainer. Progress,
// evaluations and log lines arrive as queued signals; stop() ends the run after the step in
// flight, saving a checkpoint that a run with `resume` continues from.

#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace clipdesk::ui {

struct TrainingRequest {
    QString pairsPath;     // a pairs file (.csv/.tsv/.jsonl) or a folder (captions, one folder per label)
    QString baseModel;     // model folder or weights file to fine-tune
    QString outDir;        // model, checkpoints, train_log.jsonl
    int epochs = 10;
    int batchSize = 128;
    double learningRate = 5e-4;
    qint64 warmupSteps = 100;
    double weightDecay = 0.2;
    double validationSplit = 0.1;
    bool lockImage = false;
    bool lockText = false;
    int workers = 2;
    int threads = 0;
    int logEvery = 10;
    QString device = "auto";
    bool resume = false;   // continue from the newest checkpoint in outDir
};

struct TrainingStep {
    int epoch = 0;
    qint64 step = 0;
    qint64 totalSteps = 0;
    double loss = 0;
    double learningRate = 0;
    double samplesPerSecond = 0;
    double etaSeconds = 0;
};

struct TrainingEvaluation {
    int epoch = 0;
    qint64 step = 0;
    double validationLoss = 0;
    double imageToTextR1 = 0;
    double textToImageR1 = 0;
    double zeroShotTop1 = -1;  // -1 without labels
};

struct TrainingOutcome {
    qint64 steps = 0;
    double seconds = 0;
    bool stopped = false;
    QString outDir;
    QString error;
};

class TrainingJob : public QObject {
    Q_OBJECT
public:
    explicit TrainingJob(QObject* parent = nullptr);
    ~TrainingJob() override;  // stops and waits for a run still in progress

    bool isRunning() const { return thread_ != nullptr; }
    bool start(const TrainingRequest& request);
    void stop();

    // "CUDA (N GPUs)" or "CPU", as LibTorch sees it.
    static QString deviceDescription();

Q_SIGNALS:
    void logLine(const QString& line);
    void progressChanged(const clipdesk::ui::TrainingStep& step);
    void evaluated(const clipdesk::ui::TrainingEvaluation& evaluation);
    void finished(const clipdesk::ui::TrainingOutcome& outcome);

private:
    void onThreadDone(const TrainingOutcome& outcome);

    QThread* thread_ = nullptr;
    std::shared_ptr<std::atomic<bool>> stopRequested_;
};

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::TrainingStep)
Q_DECLARE_METATYPE(clipdesk::ui::TrainingEvaluation)
Q_DECLARE_METATYPE(clipdesk::ui::TrainingOutcome)
