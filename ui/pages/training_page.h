#pragma once
// Training page: fine-tune the configured model on a pairs file or a folder of labelled
// photos. Parameters carry the CLI's defaults and tooltips; the device is shown; Start, Stop
// and Resume drive a TrainingJob; a live chart plots the loss and validation recall; the log
// shows every report; "Use this model" makes the result the model in Settings and offers to
// re-index the library with it. Choosing the data shows a few of its pairs (or why it can't
// be used) before anything runs.

#include "jobs/training_job.h"
#include "widgets/message_label.h"

#include <QFutureWatcher>
#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

namespace clipdesk::ui {

class AppSettings;
class PairPreviewModel;
struct PairsPreview;
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
    QPushButton* reindexButton() const { return reindexButton_; }
    PairPreviewModel* pairPreview() const { return previewModel_; }
    QLabel* pairPreviewSummary() const { return previewSummary_; }
    const TrainingOutcome& lastOutcome() const { return lastOutcome_; }
    qint64 lastStep() const { return lastStep_; }

public Q_SLOTS:
    void startTraining();
    void resumeTraining();
    void stopTraining();
    void useTrainedModel();

Q_SIGNALS:
    void statusMessage(const clipdesk::ui::TranslatableText& message);
    void trainingFinished();
    void pairPreviewReady();
    // "Re-index with this model", offered once the trained model is in Settings.
    void reindexRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void begin(bool resume);
    void onProgress(const clipdesk::TrainingProgress& progress);
    void onEvaluated(const clipdesk::EvaluationSummary& evaluation);
    void onFinished(const TrainingOutcome& outcome);
    void updateState();
    void appendLog(const QString& line);
    void schedulePairPreview();
    void loadPairPreview();
    void showPairPreview();

    AppSettings& settings_;
    TrainingJob& job_;
    TrainingOutcome lastOutcome_;
    qint64 lastStep_ = 0;
    qint64 lastTotal_ = 0;  // the run's steps (across resumes)
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
    QCheckBox* allGpus_;  // one data-parallel rank per GPU; shown when LibTorch sees several
    QPushButton* startButton_;
    QPushButton* stopButton_;
    QPushButton* resumeButton_;
    QPushButton* useModelButton_;
    QPushButton* reindexButton_;
    MessageLabel* previewSummary_;
    QListView* previewView_;
    PairPreviewModel* previewModel_;
    QTimer* previewTimer_;
    QFutureWatcher<PairsPreview>* previewWatcher_;
    QProgressBar* progress_;
    MessageLabel* progressLabel_;
    TrainingChart* chart_;
    QPlainTextEdit* log_;
};

}  // namespace clipdesk::ui
