#pragma once
// A fine-tuning run (core's prepareTraining use case, as `clipdesk-cli train` runs it) on a
// worker thread. Progress, evaluations and log lines arrive as queued signals; stop() ends the
// run after the step in flight, saving a checkpoint that a run with `resume` continues from.

#include "jobs/background_run.h"
#include "jobs/job_types.h"
#include "text/translatable_text.h"

#include <QObject>
#include <QString>

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
    int gpus = 1;          // > 1: one data-parallel rank per GPU of this machine
};

struct TrainingOutcome {
    qint64 steps = 0;
    double seconds = 0;
    bool stopped = false;
    QString outDir;
    TranslatableText error;
};

class TrainingJob : public QObject {
    Q_OBJECT
public:
    explicit TrainingJob(QObject* parent = nullptr);
    ~TrainingJob() override;  // stops and waits for a run still in progress

    bool isRunning() const { return run_.isRunning(); }
    bool start(const TrainingRequest& request);
    void stop();

    // "CUDA (N GPUs)" or "CPU", as LibTorch sees it.
    static QString deviceDescription();
    // CUDA devices LibTorch sees (0 without CUDA).
    static int visibleGpus();

Q_SIGNALS:
    void logLine(const QString& line);
    void progressChanged(const clipdesk::TrainingProgress& progress);
    void evaluated(const clipdesk::EvaluationSummary& evaluation);
    void finished(const clipdesk::ui::TrainingOutcome& outcome);

private:
    BackgroundRun run_{"clipdesk-train"};
};

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::TrainingOutcome)
