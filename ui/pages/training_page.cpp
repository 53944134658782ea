#include "pages/training_page.h"

#include "models/pair_preview_model.h"
#include "pages/training_messages.h"
#include "services/pairs_preview.h"
#include "services/run_folders.h"
#include "settings/app_settings.h"
#include "widgets/message_label.h"
#include "widgets/training_chart.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <QVBoxLayout>

namespace clipdesk::ui {
namespace {

QWidget* withButtons(QWidget* parent, QLineEdit* edit, std::initializer_list<QPushButton*> buttons) {
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    for (auto* b : buttons) layout->addWidget(b);
    return row;
}

constexpr int kPreviewPairs = 8;
constexpr int kPreviewImageSize = 96;

QString defaultOutputFolder() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath("models/fine-tuned-" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmm"));
}

}  // namespace

TrainingPage::TrainingPage(AppSettings& settings, TrainingJob& job, QWidget* parent)
    : QWidget(parent), settings_(settings), job_(job) {
    setObjectName("trainingPage");
    const TrainingRequest defaults;

    dataBox_ = new QGroupBox(this);
    dataForm_ = new QFormLayout(dataBox_);
    pairsEdit_ = new QLineEdit(dataBox_);
    pairsEdit_->setObjectName("pairsEdit");
    pairsFileButton_ = new QPushButton(dataBox_);
    pairsFolderButton_ = new QPushButton(dataBox_);
    baseModelEdit_ = new QLineEdit(settings_.effectiveModelPath(), dataBox_);
    baseModelButton_ = new QPushButton(dataBox_);
    outEdit_ = new QLineEdit(defaultOutputFolder(), dataBox_);
    outButton_ = new QPushButton(dataBox_);
    dataForm_->addRow(new QLabel(dataBox_), withButtons(dataBox_, pairsEdit_, {pairsFileButton_, pairsFolderButton_}));
    dataForm_->addRow(new QLabel(dataBox_), withButtons(dataBox_, baseModelEdit_, {baseModelButton_}));
    dataForm_->addRow(new QLabel(dataBox_), withButtons(dataBox_, outEdit_, {outButton_}));
    previewSummary_ = new MessageLabel(dataBox_);
    previewSummary_->setObjectName("pairPreviewSummary");
    previewSummary_->setWordWrap(true);
    previewSummary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    previewModel_ = new PairPreviewModel(this);
    previewView_ = new QListView(dataBox_);
    previewView_->setObjectName("pairPreviewView");
    previewView_->setModel(previewModel_);
    previewView_->setViewMode(QListView::IconMode);
    previewView_->setFlow(QListView::LeftToRight);
    previewView_->setWrapping(false);
    previewView_->setIconSize(QSize(kPreviewImageSize, kPreviewImageSize));
    previewView_->setGridSize(QSize(kPreviewImageSize + 40, kPreviewImageSize + 44));
    previewView_->setWordWrap(true);
    previewView_->setTextElideMode(Qt::ElideRight);
    previewView_->setFixedHeight(kPreviewImageSize + 64);
    previewView_->setSelectionMode(QAbstractItemView::NoSelection);
    previewView_->hide();
    dataForm_->addRow(previewSummary_);
    dataForm_->addRow(previewView_);
    previewTimer_ = new QTimer(this);
    previewTimer_->setSingleShot(true);
    previewTimer_->setInterval(400);
    previewWatcher_ = new QFutureWatcher<PairsPreview>(this);

    paramsBox_ = new QGroupBox(this);
    paramsForm_ = new QFormLayout(paramsBox_);
    epochs_ = new QSpinBox(paramsBox_);
    epochs_->setRange(1, 10000);
    epochs_->setValue(defaults.epochs);
    batchSize_ = new QSpinBox(paramsBox_);
    batchSize_->setRange(2, 65536);
    batchSize_->setValue(defaults.batchSize);
    learningRate_ = new QDoubleSpinBox(paramsBox_);
    learningRate_->setDecimals(6);
    learningRate_->setRange(1e-6, 1.0);
    learningRate_->setSingleStep(1e-5);
    learningRate_->setValue(defaults.learningRate);
    warmup_ = new QSpinBox(paramsBox_);
    warmup_->setRange(0, 1000000);
    warmup_->setValue(int(defaults.warmupSteps));
    weightDecay_ = new QDoubleSpinBox(paramsBox_);
    weightDecay_->setDecimals(3);
    weightDecay_->setRange(0, 10);
    weightDecay_->setSingleStep(0.05);
    weightDecay_->setValue(defaults.weightDecay);
    validationSplit_ = new QDoubleSpinBox(paramsBox_);
    validationSplit_->setDecimals(2);
    validationSplit_->setRange(0, 0.9);
    validationSplit_->setSingleStep(0.05);
    validationSplit_->setValue(defaults.validationSplit);
    lockImage_ = new QCheckBox(paramsBox_);
    lockText_ = new QCheckBox(paramsBox_);
    workers_ = new QSpinBox(paramsBox_);
    workers_->setRange(0, 64);
    workers_->setValue(defaults.workers);
    logEvery_ = new QSpinBox(paramsBox_);
    logEvery_->setRange(1, 100000);
    logEvery_->setValue(defaults.logEvery);
    deviceLabel_ = new QLabel(TrainingJob::deviceDescription(), paramsBox_);
    deviceLabel_->setObjectName("deviceLabel");
    allGpus_ = new QCheckBox(paramsBox_);
    allGpus_->setObjectName("allGpusCheck");
    for (QWidget* w : std::initializer_list<QWidget*>{epochs_, batchSize_, learningRate_, warmup_, weightDecay_,
                                                      validationSplit_, lockImage_, lockText_, workers_, logEvery_,
                                                      deviceLabel_})
        paramsForm_->addRow(new QLabel(paramsBox_), w);
    paramsForm_->addRow(QString(), allGpus_);
    allGpus_->setVisible(TrainingJob::visibleGpus() > 1);

    startButton_ = new QPushButton(this);
    startButton_->setObjectName("startTrainingButton");
    stopButton_ = new QPushButton(this);
    stopButton_->setObjectName("stopTrainingButton");
    resumeButton_ = new QPushButton(this);
    resumeButton_->setObjectName("resumeTrainingButton");
    useModelButton_ = new QPushButton(this);
    useModelButton_->setObjectName("useModelButton");
    reindexButton_ = new QPushButton(this);
    reindexButton_->setObjectName("reindexWithTrainedModelButton");
    reindexButton_->hide();
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(startButton_);
    buttons->addWidget(stopButton_);
    buttons->addWidget(resumeButton_);
    buttons->addStretch();
    buttons->addWidget(useModelButton_);
    buttons->addWidget(reindexButton_);
    progress_ = new QProgressBar(this);
    progressLabel_ = new MessageLabel(this);
    progressLabel_->setObjectName("trainingProgressLabel");
    chart_ = new TrainingChart(this);
    log_ = new QPlainTextEdit(this);
    log_->setObjectName("trainingLog");
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    log_->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto* top = new QHBoxLayout;
    top->addWidget(dataBox_, 3);
    top->addWidget(paramsBox_, 2);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(chart_);
    splitter->addWidget(log_);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(buttons);
    layout->addWidget(progress_);
    layout->addWidget(progressLabel_);
    layout->addWidget(splitter, 1);

    connect(pairsFileButton_, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Pairs file"), QDir::homePath(),
                                                          tr("Pairs (*.csv *.tsv *.tab *.jsonl *.ndjson *.json)"));
        if (!file.isEmpty()) pairsEdit_->setText(file);
    });
    connect(pairsFolderButton_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of labelled photos"), QDir::homePath());
        if (!dir.isEmpty()) pairsEdit_->setText(dir);
    });
    connect(baseModelButton_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model to fine-tune"), baseModelEdit_->text());
        if (!dir.isEmpty()) setBaseModel(dir);
    });
    connect(baseModelEdit_, &QLineEdit::textEdited, this, [this] { baseModelEdited_ = true; });
    connect(outButton_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Output folder"), outEdit_->text());
        if (!dir.isEmpty()) outEdit_->setText(dir);
    });
    connect(&settings_, &AppSettings::modelChanged, this, [this] {
        if (!baseModelEdited_) baseModelEdit_->setText(settings_.effectiveModelPath());
    });
    connect(startButton_, &QPushButton::clicked, this, &TrainingPage::startTraining);
    connect(stopButton_, &QPushButton::clicked, this, &TrainingPage::stopTraining);
    connect(resumeButton_, &QPushButton::clicked, this, &TrainingPage::resumeTraining);
    connect(useModelButton_, &QPushButton::clicked, this, &TrainingPage::useTrainedModel);
    connect(reindexButton_, &QPushButton::clicked, this, [this] {
        reindexButton_->hide();
        Q_EMIT reindexRequested();
    });
    connect(pairsEdit_, &QLineEdit::textChanged, this, &TrainingPage::schedulePairPreview);
    connect(previewTimer_, &QTimer::timeout, this, &TrainingPage::loadPairPreview);
    connect(previewWatcher_, &QFutureWatcher<PairsPreview>::finished, this, &TrainingPage::showPairPreview);
    connect(&job_, &TrainingJob::progressChanged, this, &TrainingPage::onProgress);
    connect(&job_, &TrainingJob::evaluated, this, &TrainingPage::onEvaluated);
    connect(&job_, &TrainingJob::logLine, this, &TrainingPage::appendLog);
    connect(&job_, &TrainingJob::finished, this, &TrainingPage::onFinished);

    retranslateUi();
}

void TrainingPage::retranslateUi() {
    const TrainingRequest d;
    dataBox_->setTitle(tr("Data and model"));
    paramsBox_->setTitle(tr("Parameters"));
    auto label = [](QFormLayout* form, int row, const QString& text) {
        if (auto* item = form->itemAt(row, QFormLayout::LabelRole); item && item->widget())
            static_cast<QLabel*>(item->widget())->setText(text);
    };
    label(dataForm_, 0, tr("Training data:"));
    label(dataForm_, 1, tr("Model to fine-tune:"));
    label(dataForm_, 2, tr("Output folder:"));
    pairsEdit_->setToolTip(tr("A pairs file (.csv/.tsv with columns image and caption, or .jsonl), a folder of photos "
                              "with .txt captions, or a folder with one subfolder per label."));
    pairsFileButton_->setText(tr("File…"));
    pairsFolderButton_->setText(tr("Folder…"));
    baseModelEdit_->setToolTip(tr("The model whose weights training starts from (default: the model in Settings)."));
    baseModelButton_->setText(tr("Browse…"));
    outEdit_->setToolTip(tr("Receives the trained model, checkpoints and train_log.jsonl; Resume continues from here."));
    outButton_->setText(tr("Browse…"));

    label(paramsForm_, 0, tr("Epochs:"));
    label(paramsForm_, 1, tr("Batch size:"));
    label(paramsForm_, 2, tr("Learning rate:"));
    label(paramsForm_, 3, tr("Warm-up steps:"));
    label(paramsForm_, 4, tr("Weight decay:"));
    label(paramsForm_, 5, tr("Validation share:"));
    label(paramsForm_, 6, tr("Image tower:"));
    label(paramsForm_, 7, tr("Text tower:"));
    label(paramsForm_, 8, tr("Decoding threads:"));
    label(paramsForm_, 9, tr("Report every:"));
    label(paramsForm_, 10, tr("Device:"));
    epochs_->setToolTip(tr("Passes over the training pairs (default %1).").arg(d.epochs));
    batchSize_->setToolTip(tr("Pairs per step: the contrastive batch. Larger batches give more negatives (default %1).").arg(d.batchSize));
    learningRate_->setToolTip(tr("Peak learning rate of AdamW, reached after the warm-up, then cosine decay to 0 (default %1).").arg(d.learningRate));
    warmup_->setToolTip(tr("Steps of linear warm-up (default %1).").arg(d.warmupSteps));
    weightDecay_->setToolTip(tr("AdamW weight decay; gains, biases, embeddings and the temperature get none (default %1).").arg(d.weightDecay));
    validationSplit_->setToolTip(tr("Share of the pairs held out to measure recall after each epoch (default %1).").arg(d.validationSplit));
    lockImage_->setText(tr("Locked (train the text tower only)"));
    lockImage_->setToolTip(tr("Freeze the image tower: its weights stay exactly as they are."));
    lockText_->setText(tr("Locked (train the image tower only)"));
    lockText_->setToolTip(tr("Freeze the text tower: its weights stay exactly as they are."));
    workers_->setToolTip(tr("Threads decoding images while the model trains (default %1).").arg(d.workers));
    logEvery_->setSuffix(tr(" steps"));
    logEvery_->setToolTip(tr("Steps between loss reports in the chart and the log (default %1).").arg(d.logEvery));
    deviceLabel_->setText(TrainingJob::deviceDescription());
    deviceLabel_->setToolTip(tr("Training uses CUDA when LibTorch sees a GPU, else the CPU (bf16 autocast on CUDA, fp32 on the CPU)."));
    allGpus_->setText(tr("Use all %1 GPUs of this machine").arg(TrainingJob::visibleGpus()));
    allGpus_->setToolTip(tr("Data-parallel training: one process share per GPU; the batch size stays the whole "
                            "batch and must be a multiple of the number of GPUs."));

    startButton_->setText(tr("Start"));
    startButton_->setToolTip(tr("Start a new run in the output folder."));
    stopButton_->setText(tr("Stop"));
    stopButton_->setToolTip(tr("Stop after the step in progress, saving a checkpoint to resume from."));
    resumeButton_->setText(tr("Resume"));
    resumeButton_->setToolTip(tr("Continue the run in the output folder from its newest checkpoint."));
    useModelButton_->setText(tr("Use this model"));
    useModelButton_->setToolTip(tr("Make the trained model the model in Settings (then re-index the library to search with it)."));
    reindexButton_->setText(tr("Re-index the library with it"));
    reindexButton_->setToolTip(tr("Encode every photo of the library again with the model now in Settings, so searches and tags use it."));
    if (previewWatcher_->isFinished() && !previewWatcher_->future().isCanceled() && previewWatcher_->future().resultCount() > 0)
        showPairPreview();
    chart_->retranslate();
    updateState();
}

void TrainingPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

TrainingRequest TrainingPage::request() const {
    TrainingRequest r;
    r.pairsPath = pairsEdit_->text().trimmed();
    r.baseModel = baseModelEdit_->text().trimmed();
    r.outDir = outEdit_->text().trimmed();
    r.epochs = epochs_->value();
    r.batchSize = batchSize_->value();
    r.learningRate = learningRate_->value();
    r.warmupSteps = warmup_->value();
    r.weightDecay = weightDecay_->value();
    r.validationSplit = validationSplit_->value();
    r.lockImage = lockImage_->isChecked();
    r.lockText = lockText_->isChecked();
    r.workers = workers_->value();
    r.logEvery = logEvery_->value();
    r.threads = settings_.threads();
    r.gpus = allGpus_->isVisible() && allGpus_->isChecked() ? TrainingJob::visibleGpus() : 1;
    return r;
}

void TrainingPage::setPairsPath(const QString& path) { pairsEdit_->setText(path); }
void TrainingPage::setBaseModel(const QString& path) {
    baseModelEdit_->setText(path);
    baseModelEdited_ = true;
}
void TrainingPage::setOutputFolder(const QString& path) { outEdit_->setText(path); }
void TrainingPage::setEpochs(int epochs) { epochs_->setValue(epochs); }
void TrainingPage::setBatchSize(int batchSize) { batchSize_->setValue(batchSize); }
void TrainingPage::setValidationSplit(double split) { validationSplit_->setValue(split); }
void TrainingPage::setWarmupSteps(int steps) { warmup_->setValue(steps); }
void TrainingPage::setLogEvery(int steps) { logEvery_->setValue(steps); }

void TrainingPage::startTraining() { begin(false); }
void TrainingPage::resumeTraining() { begin(true); }

void TrainingPage::begin(bool resume) {
    TrainingRequest r = request();
    r.resume = resume;
    QString movedFrom;
    if (!resume && r.outDir != freshRunFolder(r.outDir)) {  // one folder per run: never overwrite a model
        movedFrom = r.outDir;
        r.outDir = freshRunFolder(r.outDir);
        outEdit_->setText(r.outDir);
    }
    if (!resume) {
        chart_->clear();
        log_->clear();
    }
    lastOutcome_ = TrainingOutcome{};
    lastStep_ = 0;
    lastTotal_ = 0;
    if (!job_.start(r)) return;
    if (!movedFrom.isEmpty())
        appendLog(tr("%1 holds an earlier run; this run goes to %2 (Resume continues a run in its folder).")
                      .arg(QDir::toNativeSeparators(movedFrom), QDir::toNativeSeparators(r.outDir)));
    appendLog(resume ? tr("Resuming %1").arg(QDir::toNativeSeparators(r.outDir))
                     : tr("Starting: %1 → %2").arg(QDir::toNativeSeparators(r.pairsPath), QDir::toNativeSeparators(r.outDir)));
    progress_->setRange(0, 0);
    progressLabel_->showMessage(translatable([] { return tr("Preparing the data…"); }));
    updateState();
}

void TrainingPage::stopTraining() {
    job_.stop();
    progressLabel_->showMessage(translatable([] { return tr("Stopping after the step in progress…"); }));
}

void TrainingPage::onProgress(const TrainingProgress& s) {
    lastStep_ = s.step;  // the run's step, counted across resumes
    lastTotal_ = s.totalSteps;
    progress_->setRange(0, int(s.totalSteps));
    progress_->setValue(int(s.step));
    progressLabel_->showMessage(trainingProgressMessage(s));
    chart_->addLoss(s.step, s.loss);
}

void TrainingPage::onEvaluated(const EvaluationSummary& e) { chart_->addRecall(e.step, e.imageToTextR1, e.textToImageR1); }

void TrainingPage::onFinished(const TrainingOutcome& o) {
    lastOutcome_ = o;
    const TranslatableText text = trainingOutcomeMessage(o, lastStep_, lastTotal_);
    progressLabel_->showMessage(text);
    appendLog(text.toString());
    if (!isVisible()) Q_EMIT statusMessage(text);  // shown on the page; the status bar only elsewhere
    updateState();
    Q_EMIT trainingFinished();
}

void TrainingPage::useTrainedModel() {
    const QString dir = lastOutcome_.outDir.isEmpty() ? outEdit_->text().trimmed() : lastOutcome_.outDir;
    if (!QFileInfo::exists(QDir(dir).filePath("model.safetensors"))) return;
    settings_.setConfiguredModelPath(dir);
    reindexButton_->show();
    Q_EMIT statusMessage(translatable([dir = QDir::toNativeSeparators(dir)] {
        return tr("Settings now use %1. Re-index the library to search with it.").arg(dir);
    }));
}

void TrainingPage::schedulePairPreview() { previewTimer_->start(); }

void TrainingPage::loadPairPreview() {
    const QString path = pairsEdit_->text().trimmed();
    if (path.isEmpty()) {
        previewModel_->setPairs({});
        previewSummary_->clearMessage();
        previewView_->hide();
        return;
    }
    if (previewWatcher_->isRunning()) {  // the result is stale; ask again when it arrives
        previewTimer_->start();
        return;
    }
    previewSummary_->showMessage(
        translatable([path = QDir::toNativeSeparators(path)] { return tr("Reading %1…").arg(path); }));
    previewWatcher_->setFuture(QtConcurrent::run([path] { return loadPairsPreview(path, kPreviewPairs, kPreviewImageSize); }));
}

void TrainingPage::showPairPreview() {
    const PairsPreview preview = previewWatcher_->result();
    if (preview.path != pairsEdit_->text().trimmed()) return;  // another path was chosen meanwhile
    previewModel_->setPairs(preview.pairs);
    previewView_->setVisible(!preview.pairs.isEmpty());
    previewSummary_->showMessage(pairsPreviewMessage(preview));
    Q_EMIT pairPreviewReady();
}

void TrainingPage::updateState() {
    const bool running = job_.isRunning();
    for (QWidget* w : {static_cast<QWidget*>(dataBox_), static_cast<QWidget*>(paramsBox_)}) w->setEnabled(!running);
    startButton_->setEnabled(!running);
    resumeButton_->setEnabled(!running);
    stopButton_->setEnabled(running);
    const bool done = !running && lastOutcome_.error.isEmpty() && !lastOutcome_.stopped && !lastOutcome_.outDir.isEmpty() &&
                      QFileInfo::exists(QDir(lastOutcome_.outDir).filePath("model.safetensors"));
    useModelButton_->setEnabled(done);
    progress_->setVisible(running);
}

void TrainingPage::appendLog(const QString& line) {
    log_->appendPlainText(line);
    log_->verticalScrollBar()->setValue(log_->verticalScrollBar()->maximum());  // follow the newest line
}

}  // namespace clipdesk::ui
