#pragma once
// Training page: fine-tune the configured model on a pairs file or a folder of labelled
// photos. Parameters carry the CLI's defaults and tooltips; the device is shown; Start, Stop
// and Resume drive a TrainingJob; a live chart plots the loss and validation recall; the log
// shows every report; "Use this model" makes the result the model in Settings.

#include "jobs/training_job.h"

#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace clipdesk::ui {

class AppSettings;
class TrainingChart;

class TrainingPage : public QWidget {
    Q_OBJECT
public:
    TrainingPage(AppSettings& settings, TrainingJob& job, QWidget* parent = nullptr);

    // The form's values as a request (resume unset).
    TrainingRequest request() const;
    void setPairsPath(const QString& path);
    void setBaseModel(const QString& path);
    void setOutputFolder(const QString& path);
    void setEpochs(int epochs);
    void setBatchSize(int batchSize);
    void setValidationSplit(double split);
    void setWarmupSteps(int steps);
    void setLogEvery(int steps);
    TrainingChart* chart() const { return chart_; }
    QPlainTextEdit* log() const { return log_; }
    QPushButton* useModelButton() const { return useModelButton_; }
    const TrainingOutcome& lastOutcome() const { return lastOutcome_; }
    qint64 lastStep() const { return lastStep_; }

public Q_SLOTS:
    void startTraining();
    void resumeTraining();
    void stopTraining();
    void useTrainedModel();

Q_SIGNALS:
    void statusMessage(const QString& message);
    void trainingFinished();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void begin(bool resume);
    void onProgress(const TrainingStep& step);
    void onEvaluated(const TrainingEvaluation& evaluation);
    void onFinished(const TrainingOutcome& outcome);
    void updateState();
    void appendLog(const QString& line);

    AppSettings& settings_;
    TrainingJob& job_;
    TrainingOutcome lastOutcome_;
    qint64 lastStep_ = 0;
    bool baseModelEdited_ = false;

    QGroupBox* dataBox_;
    QFormLayout* dataForm_;
    QLineEdit* pairsEdit_;
    QPushButton* pairsFileButton_;
    QPushButton* pairsFolderButton_;
    QLineEdit* baseModelEdit_;
    QPushButton* baseModelButton_;
    QLineEdit* outEdit_;
    QPushButton* outButton_;
    QGroupBox* paramsBox_;
    QFormLayout* paramsForm_;
    QSpinBox* epochs_;
    QSpinBox* batchSize_;
    QDoubleSpinBox* learningRate_;
    QSpinBox* warmup_;
    QDoubleSpinBox* weightDecay_;
    QDoubleSpinBox* validationSplit_;
    QCheckBox* lockImage_;
    QCheckBox* lockText_;
    QSpinBox* workers_;
    QSpinBox* logEvery_;
    QLabel* deviceLabel_;
    QPushButton* startButton_;
    QPushButton* stopButton_;
    QPushButton* resumeButton_;
    QPushButton* useModelButton_;
    QProgressBar* progress_;
    QLabel* progressLabel_;
    TrainingChart* chart_;
    QPlainTextEdit* log_;
};

}  // namespace clipdesk::ui
