#include "pages/tags/run_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace clipdesk::ui {

RunPanel::RunPanel(TagReviewModel& model, QWidget* parent) : QGroupBox(parent), model_(model) {
    folderList_ = new QListWidget(this);
    folderList_->setObjectName("tagFolderList");
    folderList_->setMaximumHeight(110);
    modeCombo_ = new QComboBox(this);
    modeCombo_->setObjectName("tagModeCombo");
    modeCombo_->addItem(QString(), "single");
    modeCombo_->addItem(QString(), "multi");
    topKSpin_ = new QSpinBox(this);
    topKSpin_->setObjectName("topKSpin");
    topKSpin_->setRange(1, 50);
    topKSpin_->setValue(3);
    methodCombo_ = new QComboBox(this);
    methodCombo_->setObjectName("thresholdMethodCombo");
    for (const char* method : {"margin", "zmargin", "zscore", "fixed"}) methodCombo_->addItem(QString(), method);
    for (QComboBox* combo : {modeCombo_, methodCombo_}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(12);
    }
    thresholdSpin_ = new QDoubleSpinBox(this);
    thresholdSpin_->setDecimals(3);
    thresholdSpin_->setRange(-10, 10);
    thresholdSpin_->setSingleStep(0.01);
    thresholdSpin_->setValue(-0.02);
    thresholdSpin_->setEnabled(false);
    defaultThresholdCheck_ = new QCheckBox(this);
    defaultThresholdCheck_->setChecked(true);
    runButton_ = new QPushButton(this);
    runButton_->setObjectName("runTaggingButton");
    cancelButton_ = new QPushButton(this);
    cancelButton_->setObjectName("cancelTaggingButton");
    progressBar_ = new QProgressBar(this);
    progressBar_->setObjectName("taggingProgress");
    progressBar_->hide();
    statusLabel_ = new MessageLabel(this);
    statusLabel_->setObjectName("taggingStatus");
    statusLabel_->setWordWrap(true);
    statusLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    form_ = new QFormLayout;
    form_->addRow(QStringLiteral("mode"), modeCombo_);
    form_->addRow(QStringLiteral("top"), topKSpin_);
    form_->addRow(QStringLiteral("method"), methodCombo_);
    auto* thresholdRow = new QHBoxLayout;
    thresholdRow->addWidget(thresholdSpin_, 1);
    thresholdRow->addWidget(defaultThresholdCheck_);
    form_->addRow(QStringLiteral("threshold"), thresholdRow);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(runButton_);
    runRow->addWidget(cancelButton_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(folderList_);
    layout->addLayout(form_);
    layout->addLayout(runRow);
    layout->addWidget(progressBar_);
    layout->addWidget(statusLabel_);

    connect(defaultThresholdCheck_, &QCheckBox::toggled, this, &RunPanel::updateButtons);
    connect(modeCombo_, &QComboBox::currentIndexChanged, this, &RunPanel::updateButtons);
    connect(runButton_, &QPushButton::clicked, this, &RunPanel::runRequested);
    connect(cancelButton_, &QPushButton::clicked, &model_, &TagReviewModel::cancel);
    connect(folderList_, &QListWidget::itemChanged, this, &RunPanel::tellScope);
    connect(&model_, &TagReviewModel::busyChanged, this, [this] {
        if (model_.isBusy()) statusLabel_->setStyleSheet(QString());
        else progressBar_->hide();
        updateButtons();
    });
    connect(&model_, &TagReviewModel::progressChanged, this, &RunPanel::showProgress);
    retranslateUi();
    updateButtons();
}

void RunPanel::setFolders(const LibraryOverview& overview, bool sameLibrary) {
    QSet<QString> unchecked;
    if (sameLibrary)
        for (int i = 0; i < folderList_->count(); ++i)
            if (folderList_->item(i)->checkState() != Qt::Checked)
                unchecked.insert(folderList_->item(i)->data(Qt::UserRole).toString());
    {
        const QSignalBlocker blocker(folderList_);
        folderList_->clear();
        for (const auto& folder : overview.folders) {
            auto* item = new QListWidgetItem(QDir::toNativeSeparators(folder.path), folderList_);
            item->setData(Qt::UserRole, folder.path);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(unchecked.contains(folder.path) ? Qt::Unchecked : Qt::Checked);
            item->setToolTip(tr("%n indexed photo(s)", nullptr, int(folder.indexed)));
        }
    }
    tellScope();
}

void RunPanel::tellScope() {
    QStringList checked;
    for (int i = 0; i < folderList_->count(); ++i)
        if (folderList_->item(i)->checkState() == Qt::Checked) checked << folderList_->item(i)->data(Qt::UserRole).toString();
    model_.setScope(checked, folderList_->count());
}

ZeroShotOptions RunPanel::options() const {
    ZeroShotOptions options;
    options.multi = modeCombo_->currentData().toString() == "multi";
    options.topK = topKSpin_->value();
    options.thresholdMethod = methodCombo_->currentData().toString();
    if (!defaultThresholdCheck_->isChecked()) options.threshold = thresholdSpin_->value();
    return options;
}

void RunPanel::showStatus(const TranslatableText& text, TagReviewModel::MessageKind kind) {
    if (kind == TagReviewModel::MessageKind::Transient) return;  // the status bar's alone
    statusLabel_->showMessage(text);
    if (kind == TagReviewModel::MessageKind::Error) statusLabel_->setStyleSheet("QLabel { color: #b00020; }");
}

void RunPanel::showProgress(const JobProgress& progress) {
    progressBar_->show();
    QString format;
    switch (progress.stage) {
    case JobStage::Loading:
        progressBar_->setRange(0, 0);
        progressBar_->setFormat(tr("Loading the model…"));
        return;
    case JobStage::EncodingLabels:
        format = tr("Encoding labels %v / %m");
        break;
    case JobStage::Scoring:
        format = tr("Scoring photos %v / %m");
        break;
    default:
        format = tr("Writing %v / %m");
        break;
    }
    progressBar_->setRange(0, int(std::max<qint64>(1, progress.total)));
    progressBar_->setValue(int(progress.done));
    progressBar_->setFormat(format);
}

void RunPanel::updateButtons() {
    const bool busy = model_.isBusy();
    runButton_->setEnabled(!busy);
    cancelButton_->setEnabled(busy);
    const bool multi = modeCombo_->currentData().toString() == "multi";
    methodCombo_->setEnabled(multi);
    thresholdSpin_->setEnabled(multi && !defaultThresholdCheck_->isChecked());
    defaultThresholdCheck_->setEnabled(multi);
}

void RunPanel::retranslateUi() {
    setTitle(tr("Tag folders"));
    folderList_->setToolTip(tr("The folders to tag, review and export (all checked: the whole library)"));
    const QStringList formLabels{tr("Mode:"), tr("Tags per photo:"), tr("Threshold method:"), tr("Threshold:")};
    for (int row = 0; row < form_->rowCount() && row < formLabels.size(); ++row)
        if (auto* label = qobject_cast<QLabel*>(form_->itemAt(row, QFormLayout::LabelRole)->widget()))
            label->setText(formLabels[row]);
    modeCombo_->setItemText(0, tr("Single label (softmax, top K)"));
    modeCombo_->setItemText(1, tr("Multi-label (per-label threshold)"));
    topKSpin_->setToolTip(tr("At most this many tags per photo"));
    methodCombo_->setItemText(0, tr("margin: cosine over the best other label's"));
    methodCombo_->setItemText(1, tr("zmargin: z-score over the best other label's"));
    methodCombo_->setItemText(2, tr("zscore: cosine against the label's spread in the library"));
    methodCombo_->setItemText(3, tr("fixed: one cosine cut-off"));
    defaultThresholdCheck_->setText(tr("method's default"));
    runButton_->setText(tr("Tag"));
    runButton_->setToolTip(tr("Tag the checked folders with the vocabulary (runs in the background)"));
    cancelButton_->setText(tr("Cancel"));
}

void RunPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QGroupBox::changeEvent(event);
}

}  // namespace clipdesk::ui
