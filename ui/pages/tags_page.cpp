#include "pages/tags_page.h"

#include "models/search_result_model.h"
#include "models/tag_count_model.h"
#include "services/prompt_files.h"
#include "settings/app_settings.h"
#include "thumbnails/thumbnail_cache.h"
#include "widgets/photo_grid_view.h"
#include "widgets/photo_preview_dialog.h"
#include "widgets/prompt_file_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QKeyEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace clipdesk::ui {
namespace {

constexpr int kSliderSteps = 1000;

}  // namespace

TagsPage::TagsPage(AppSettings& settings, TaggingJob& job, ThumbnailCache& thumbnails, QWidget* parent)
    : QWidget(parent), settings_(settings), job_(job), thumbnails_(thumbnails) {
    setObjectName("tagsPage");
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* setupScroll = new QScrollArea(splitter);
    setupScroll->setWidgetResizable(true);
    setupScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setupScroll->setMinimumWidth(360);
    setupScroll->setWidget(createSetupPanel());
    splitter->addWidget(setupScroll);
    splitter->addWidget(createReviewPanel());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({400, 800});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
    preview_ = new PhotoPreviewDialog(this);

    connect(&job_, &TaggingJob::progressChanged, this, &TagsPage::onProgress);
    connect(&job_, &TaggingJob::finished, this, &TagsPage::onJobFinished);
    connect(&job_, &TaggingJob::started, this, &TagsPage::updateButtons);
    connect(&overviewWatcher_, &QFutureWatcher<TagOverview>::finished, this, &TagsPage::onOverviewRead);
    connect(&decisionWatcher_, &QFutureWatcher<QString>::finished, this, [this] {
        const QString error = decisionWatcher_.result();
        if (!error.isEmpty()) showError(tr("Could not save the decision: %1").arg(error));
        refreshTags();
    });

    for (const QString& name : builtinPromptNames(PromptKind::Labels)) vocabularyCombo_->addItem(QString(), name);
    for (const QString& name : builtinPromptNames(PromptKind::Templates)) templatesCombo_->addItem(name, name);
    const int imagenet = templatesCombo_->findData("imagenet80");
    templatesCombo_->setCurrentIndex(imagenet >= 0 ? imagenet : 0);
    labelsEditor_->open(vocabularyCombo_->currentData().toString());
    templatesEditor_->open(templatesCombo_->currentData().toString());
    connect(vocabularyCombo_, &QComboBox::currentIndexChanged, this,
            [this] { labelsEditor_->open(vocabularyCombo_->currentData().toString()); });
    connect(templatesCombo_, &QComboBox::currentIndexChanged, this,
            [this] { templatesEditor_->open(templatesCombo_->currentData().toString()); });
    connect(labelsEditor_, &PromptFileEditor::saved, this, &TagsPage::useVocabulary);
    connect(templatesEditor_, &PromptFileEditor::saved, this, &TagsPage::useTemplates);

    retranslateUi();
    updateButtons();
}

QWidget* TagsPage::createSetupPanel() {
    auto* panel = new QWidget;
    promptsBox_ = new QGroupBox(panel);
    vocabularyCombo_ = new QComboBox(promptsBox_);
    vocabularyCombo_->setObjectName("vocabularyCombo");
    vocabularyOpenButton_ = new QPushButton(promptsBox_);
    templatesCombo_ = new QComboBox(promptsBox_);
    templatesCombo_->setObjectName("templatesCombo");
    templatesOpenButton_ = new QPushButton(promptsBox_);
    editorTabs_ = new QTabWidget(promptsBox_);
    labelsEditor_ = new PromptFileEditor(PromptKind::Labels, editorTabs_);
    templatesEditor_ = new PromptFileEditor(PromptKind::Templates, editorTabs_);
    editorTabs_->addTab(labelsEditor_, QString());
    editorTabs_->addTab(templatesEditor_, QString());
    editorTabs_->setMinimumHeight(200);
    auto* vocabularyRow = new QHBoxLayout;
    vocabularyRow->addWidget(vocabularyCombo_, 1);
    vocabularyRow->addWidget(vocabularyOpenButton_);
    auto* templatesRow = new QHBoxLayout;
    templatesRow->addWidget(templatesCombo_, 1);
    templatesRow->addWidget(templatesOpenButton_);
    auto* promptsLayout = new QVBoxLayout(promptsBox_);
    promptsLayout->addLayout(vocabularyRow);
    promptsLayout->addLayout(templatesRow);
    promptsLayout->addWidget(editorTabs_, 1);
    for (QComboBox* combo : {vocabularyCombo_, templatesCombo_}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(12);
    }
    connect(vocabularyOpenButton_, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Label vocabulary"), QString(),
                                                          tr("Text files (*.txt);;All files (*)"));
        if (!file.isEmpty()) useVocabulary(file);
    });
    connect(templatesOpenButton_, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Template set"), QString(),
                                                          tr("Text files (*.txt);;All files (*)"));
        if (!file.isEmpty()) useTemplates(file);
    });

    runBox_ = new QGroupBox(panel);
    folderList_ = new QListWidget(runBox_);
    folderList_->setObjectName("tagFolderList");
    folderList_->setMaximumHeight(110);
    modeCombo_ = new QComboBox(runBox_);
    modeCombo_->setObjectName("tagModeCombo");
    modeCombo_->addItem(QString(), "single");
    modeCombo_->addItem(QString(), "multi");
    topKSpin_ = new QSpinBox(runBox_);
    topKSpin_->setObjectName("topKSpin");
    topKSpin_->setRange(1, 50);
    topKSpin_->setValue(3);
    methodCombo_ = new QComboBox(runBox_);
    methodCombo_->setObjectName("thresholdMethodCombo");
    for (const char* method : {"margin", "zmargin", "zscore", "fixed"}) methodCombo_->addItem(QString(), method);
    for (QComboBox* combo : {modeCombo_, methodCombo_}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(12);
    }
    thresholdSpin_ = new QDoubleSpinBox(runBox_);
    thresholdSpin_->setDecimals(3);
    thresholdSpin_->setRange(-10, 10);
    thresholdSpin_->setSingleStep(0.01);
    thresholdSpin_->setValue(-0.02);
    defaultThresholdCheck_ = new QCheckBox(runBox_);
    defaultThresholdCheck_->setChecked(true);
    thresholdSpin_->setEnabled(false);
    connect(defaultThresholdCheck_, &QCheckBox::toggled, this, [this](bool on) { thresholdSpin_->setEnabled(!on); });
    connect(modeCombo_, &QComboBox::currentIndexChanged, this, &TagsPage::updateButtons);
    runButton_ = new QPushButton(runBox_);
    runButton_->setObjectName("runTaggingButton");
    cancelButton_ = new QPushButton(runBox_);
    cancelButton_->setObjectName("cancelTaggingButton");
    progressBar_ = new QProgressBar(runBox_);
    progressBar_->setObjectName("taggingProgress");
    progressBar_->setTextVisible(true);
    progressBar_->hide();
    statusLabel_ = new QLabel(runBox_);
    statusLabel_->setObjectName("taggingStatus");
    statusLabel_->setWordWrap(true);
    statusLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* form = runForm_ = new QFormLayout;
    form->addRow(QStringLiteral("mode"), modeCombo_);
    form->addRow(QStringLiteral("top"), topKSpin_);
    form->addRow(QStringLiteral("method"), methodCombo_);
    auto* thresholdRow = new QHBoxLayout;
    thresholdRow->addWidget(thresholdSpin_, 1);
    thresholdRow->addWidget(defaultThresholdCheck_);
    form->addRow(QStringLiteral("threshold"), thresholdRow);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(runButton_);
    runRow->addWidget(cancelButton_);
    auto* runLayout = new QVBoxLayout(runBox_);
    runLayout->addWidget(folderList_);
    runLayout->addLayout(form);
    runLayout->addLayout(runRow);
    runLayout->addWidget(progressBar_);
    runLayout->addWidget(statusLabel_);
    connect(runButton_, &QPushButton::clicked, this, &TagsPage::runTagging);
    connect(cancelButton_, &QPushButton::clicked, this, &TagsPage::cancel);
    connect(folderList_, &QListWidget::itemChanged, this, [this] {
        scores_.clear();
        scoresTag_.clear();
        refreshTags();
    });

    exportBox_ = new QGroupBox(panel);
    exportCsvButton_ = new QPushButton(exportBox_);
    exportCsvButton_->setObjectName("exportCsvButton");
    exportJsonButton_ = new QPushButton(exportBox_);
    exportJsonButton_->setObjectName("exportJsonButton");
    exportXmpButton_ = new QPushButton(exportBox_);
    exportXmpButton_->setObjectName("exportXmpButton");
    exportProblems_ = new QListWidget(exportBox_);
    exportProblems_->setObjectName("exportProblems");
    exportProblems_->setMaximumHeight(90);
    exportProblems_->hide();
    auto* exportRow = new QHBoxLayout;
    exportRow->addWidget(exportCsvButton_);
    exportRow->addWidget(exportJsonButton_);
    exportRow->addWidget(exportXmpButton_);
    auto* exportLayout = new QVBoxLayout(exportBox_);
    exportLayout->addLayout(exportRow);
    exportLayout->addWidget(exportProblems_);
    connect(exportCsvButton_, &QPushButton::clicked, this, [this] { chooseExportFile("csv"); });
    connect(exportJsonButton_, &QPushButton::clicked, this, [this] { chooseExportFile("json"); });
    connect(exportXmpButton_, &QPushButton::clicked, this, [this] { exportTags("xmp"); });

    auto* layout = new QVBoxLayout(panel);
    layout->addWidget(promptsBox_, 1);
    layout->addWidget(runBox_);
    layout->addWidget(exportBox_);
    return panel;
}

QWidget* TagsPage::createReviewPanel() {
    auto* panel = new QWidget;
    tagsHeading_ = new QLabel(panel);
    tagModel_ = new TagCountModel(this);
    tagList_ = new QListView(panel);
    tagList_->setObjectName("tagList");
    tagList_->setModel(tagModel_);
    tagList_->setMinimumWidth(150);
    tagList_->setMaximumWidth(240);
    tagList_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(tagList_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) selectTag(tagModel_->tagAt(current.row()));
            });

    reviewHeading_ = new QLabel(panel);
    reviewHeading_->setObjectName("reviewHeading");
    reviewModel_ = new SearchResultModel(&thumbnails_, this);
    reviewView_ = new PhotoGridView(thumbnails_.size(), panel);
    reviewView_->setObjectName("reviewView");
    reviewView_->setModel(reviewModel_);
    acceptButton_ = new QPushButton(panel);
    acceptButton_->setObjectName("acceptButton");
    rejectButton_ = new QPushButton(panel);
    rejectButton_->setObjectName("rejectButton");
    connect(acceptButton_, &QPushButton::clicked, this, &TagsPage::acceptSelected);
    connect(rejectButton_, &QPushButton::clicked, this, &TagsPage::rejectSelected);
    reviewView_->installEventFilter(this);  // A accepts, R or Delete rejects the selected photos
    connect(reviewView_, &PhotoGridView::previewRequested, this, [this](const QModelIndex& i) { previewRow(i.row()); });
    connect(reviewView_, &PhotoGridView::openRequested, this, [this](const QModelIndex& i) { previewRow(i.row()); });
    connect(reviewView_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TagsPage::updateButtons);

    sliderHeading_ = new QLabel(panel);
    thresholdSlider_ = new QSlider(Qt::Horizontal, panel);
    thresholdSlider_->setObjectName("thresholdSlider");
    thresholdSlider_->setRange(0, kSliderSteps);
    thresholdSlider_->setEnabled(false);
    thresholdLabel_ = new QLabel(panel);
    thresholdLabel_->setObjectName("thresholdLabel");
    applyButton_ = new QPushButton(panel);
    applyButton_->setObjectName("applyThresholdButton");
    connect(thresholdSlider_, &QSlider::valueChanged, this, [this] {
        previewing_ = true;
        showPassingPhotos();
    });
    connect(applyButton_, &QPushButton::clicked, this, &TagsPage::applyThreshold);

    fewShotBox_ = new QGroupBox(panel);
    fewShotTagEdit_ = new QLineEdit(fewShotBox_);
    fewShotTagEdit_->setObjectName("fewShotTagEdit");
    markExamplesButton_ = new QPushButton(fewShotBox_);
    markExamplesButton_->setObjectName("markExamplesButton");
    markCounterButton_ = new QPushButton(fewShotBox_);
    markCounterButton_->setObjectName("markCounterExamplesButton");
    clearExamplesButton_ = new QPushButton(fewShotBox_);
    learnButton_ = new QPushButton(fewShotBox_);
    learnButton_->setObjectName("learnTagButton");
    examplesLabel_ = new QLabel(fewShotBox_);
    connect(markExamplesButton_, &QPushButton::clicked, this, &TagsPage::markSelectedAsExamples);
    connect(markCounterButton_, &QPushButton::clicked, this, &TagsPage::markSelectedAsCounterExamples);
    connect(clearExamplesButton_, &QPushButton::clicked, this, &TagsPage::clearExamples);
    connect(learnButton_, &QPushButton::clicked, this, &TagsPage::learnTag);
    auto* markRow = new QHBoxLayout;
    markRow->addWidget(markExamplesButton_);
    markRow->addWidget(markCounterButton_);
    markRow->addWidget(clearExamplesButton_);
    markRow->addWidget(examplesLabel_, 1);
    auto* learnRow = new QHBoxLayout;
    learnRow->addWidget(fewShotTagEdit_, 1);
    learnRow->addWidget(learnButton_);
    auto* fewShotLayout = new QVBoxLayout(fewShotBox_);
    fewShotLayout->addLayout(markRow);
    fewShotLayout->addLayout(learnRow);

    auto* decisionRow = new QHBoxLayout;
    decisionRow->addWidget(reviewHeading_, 1);
    decisionRow->addWidget(acceptButton_);
    decisionRow->addWidget(rejectButton_);
    auto* sliderRow = new QHBoxLayout;
    sliderRow->addWidget(sliderHeading_);
    sliderRow->addWidget(thresholdSlider_, 1);
    sliderRow->addWidget(thresholdLabel_);
    sliderRow->addWidget(applyButton_);
    auto* review = new QVBoxLayout;
    review->addLayout(decisionRow);
    review->addLayout(sliderRow);
    review->addWidget(reviewView_, 1);
    review->addWidget(fewShotBox_);
    auto* tags = new QVBoxLayout;
    tags->addWidget(tagsHeading_);
    tags->addWidget(tagList_, 1);
    auto* layout = new QHBoxLayout(panel);
    layout->addLayout(tags);
    layout->addLayout(review, 1);
    return panel;
}

void TagsPage::retranslateUi() {
    promptsBox_->setTitle(tr("Vocabulary and templates"));
    vocabularyCombo_->setToolTip(tr("The labels to tag with"));
    for (int i = 0; i < vocabularyCombo_->count(); ++i)
        vocabularyCombo_->setItemText(i, vocabularyCombo_->itemData(i).toString() == "builtin"
                                             ? tr("Built-in everyday vocabulary")
                                             : QDir::toNativeSeparators(vocabularyCombo_->itemData(i).toString()));
    vocabularyOpenButton_->setText(tr("Open…"));
    templatesCombo_->setToolTip(tr("The prompts each label is put into: imagenet80 (CLIP's 80 ImageNet templates), "
                                   "short7 (7 of them), single (\"a photo of a {}.\"), or a file"));
    templatesOpenButton_->setText(tr("Open…"));
    editorTabs_->setTabText(0, tr("Labels"));
    editorTabs_->setTabText(1, tr("Templates"));
    runBox_->setTitle(tr("Tag folders"));
    folderList_->setToolTip(tr("The folders to tag, review and export (all checked: the whole library)"));
    const QStringList formLabels{tr("Mode:"), tr("Tags per photo:"), tr("Threshold method:"), tr("Threshold:")};
    for (int row = 0; row < runForm_->rowCount() && row < formLabels.size(); ++row)
        if (auto* label = qobject_cast<QLabel*>(runForm_->itemAt(row, QFormLayout::LabelRole)->widget()))
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
    exportBox_->setTitle(tr("Export the checked folders' tags"));
    exportCsvButton_->setText(tr("CSV…"));
    exportJsonButton_->setText(tr("JSON…"));
    exportXmpButton_->setText(tr("XMP sidecars"));
    exportXmpButton_->setToolTip(tr("Write photo.jpg.xmp next to each photo (digiKam, darktable, Lightroom read them); "
                                    "existing sidecars keep their other properties"));
    tagsHeading_->setText(tr("Tags"));
    sliderHeading_->setText(tr("Threshold:"));
    thresholdSlider_->setToolTip(tr("Preview which photos of the checked folders the selected label would tag at "
                                    "this cosine cut-off"));
    applyButton_->setText(tr("Apply"));
    applyButton_->setToolTip(tr("Tag exactly the photos shown at this threshold (your accepted and rejected tags "
                                "stay as they are)"));
    acceptButton_->setText(tr("Accept (A)"));
    rejectButton_->setText(tr("Reject (R)"));
    acceptButton_->setToolTip(tr("Keep the selected tag on the selected photos; later runs never remove it"));
    rejectButton_->setToolTip(tr("Remove the selected tag from the selected photos; later runs never add it again"));
    fewShotBox_->setTitle(tr("Tag by example"));
    fewShotTagEdit_->setPlaceholderText(tr("Tag to learn"));
    markExamplesButton_->setText(tr("Mark as examples"));
    markCounterButton_->setText(tr("Mark as counter-examples"));
    clearExamplesButton_->setText(tr("Clear"));
    learnButton_->setText(tr("Learn tag"));
    learnButton_->setToolTip(tr("Learn the tag from the marked photos and tag the checked folders with it"));
    examplesLabel_->setText(tr("%n example(s)", nullptr, int(examples_.size())) + QStringLiteral(", ") +
                            tr("%n counter-example(s)", nullptr, int(counterExamples_.size())));
    reviewView_->setToolTip(tr("A: accept · R: reject · Space or double-click: preview"));
    if (selectedTag_.isEmpty()) reviewHeading_->setText(tr("Select a tag to review its photos"));
    updateThresholdLabel();
}

bool TagsPage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == reviewView_ && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->modifiers() == Qt::NoModifier || key->modifiers() == Qt::KeypadModifier) {
            if (key->key() == Qt::Key_A) {
                acceptSelected();
                return true;
            }
            if (key->key() == Qt::Key_R || key->key() == Qt::Key_Delete) {
                rejectSelected();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TagsPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void TagsPage::setLibraryOverview(const LibraryOverview& overview) {
    const bool sameLibrary = library_.dir == overview.dir;
    QSet<QString> unchecked;
    if (sameLibrary)
        for (int i = 0; i < folderList_->count(); ++i)
            if (folderList_->item(i)->checkState() != Qt::Checked) unchecked.insert(folderList_->item(i)->data(Qt::UserRole).toString());
    library_ = overview;
    const QSignalBlocker blocker(folderList_);
    folderList_->clear();
    for (const auto& folder : overview.folders) {
        auto* item = new QListWidgetItem(QDir::toNativeSeparators(folder.path), folderList_);
        item->setData(Qt::UserRole, folder.path);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(unchecked.contains(folder.path) ? Qt::Unchecked : Qt::Checked);
        item->setToolTip(tr("%n indexed photo(s)", nullptr, int(folder.indexed)));
    }
    if (!sameLibrary) {
        scores_.clear();
        scoresTag_.clear();
        examples_.clear();
        counterExamples_.clear();
    }
    refreshTags();
}

QStringList TagsPage::scopeFolders(bool* none) const {
    QStringList checked;
    for (int i = 0; i < folderList_->count(); ++i)
        if (folderList_->item(i)->checkState() == Qt::Checked) checked << folderList_->item(i)->data(Qt::UserRole).toString();
    if (none) *none = folderList_->count() > 0 && checked.isEmpty();
    if (checked.size() == folderList_->count()) return {};  // every folder: the whole library
    return checked;
}

void TagsPage::refreshTags() {
    if (overviewWatcher_.isRunning()) {
        refreshAgain_ = true;
        return;
    }
    const QString dir = settings_.libraryDir();
    const QStringList folders = scopeFolders();
    overviewWatcher_.setFuture(QtConcurrent::run([dir, folders] { return readTagOverview(dir, folders); }));
}

void TagsPage::onOverviewRead() {
    if (refreshAgain_) {
        refreshAgain_ = false;
        refreshTags();
        return;
    }
    overview_ = overviewWatcher_.result();
    if (!overview_.error.isEmpty()) showError(tr("Could not read the tags: %1").arg(overview_.error));
    QString keep = pendingSelect_.isEmpty() ? selectedTag_ : pendingSelect_;
    pendingSelect_.clear();
    {
        const QSignalBlocker blocker(tagList_->selectionModel());
        tagModel_->setTags(overview_.tags);
    }
    const int row = tagModel_->rowOf(keep);
    if (row >= 0) {
        const QSignalBlocker blocker(tagList_->selectionModel());
        tagList_->setCurrentIndex(tagModel_->index(row));
    } else {
        keep.clear();
    }
    if (keep != selectedTag_) {
        selectTag(keep);
    } else if (!previewing_) {
        showTagPhotos();
    }
    if (overview_.indexedPhotos == 0 && !job_.isRunning() && library_.exists)
        statusLabel_->setText(tr("No indexed photos in the checked folders: index them on the Library page first."));
    updateButtons();
    Q_EMIT tagsChanged();
    Q_EMIT overviewRefreshed();
}

void TagsPage::selectTag(const QString& tag) {
    const int row = tagModel_->rowOf(tag);
    if (row >= 0 && tagList_->currentIndex().row() != row) {
        const QSignalBlocker blocker(tagList_->selectionModel());
        tagList_->setCurrentIndex(tagModel_->index(row));
    }
    const bool changed = tag != selectedTag_;
    selectedTag_ = row >= 0 ? tag : QString();
    previewing_ = false;
    if (changed && !selectedTag_.isEmpty() && fewShotTagEdit_->text().trimmed().isEmpty())
        fewShotTagEdit_->setText(selectedTag_);
    showTagPhotos();
    if (!selectedTag_.isEmpty() && !hasLabelScores()) requestLabelScores();
    else if (hasLabelScores()) {
        // The slider starts where the label's current automatic tags are.
        updateThresholdLabel();
    }
    updateButtons();
}

void TagsPage::showTagPhotos() {
    QList<PhotoHit> hits;
    shownIds_.clear();
    int rejected = 0;
    for (const auto& row : overview_.rows) {
        if (row.tag != selectedTag_) continue;
        if (row.decision == TaggedPhoto::Rejected) ++rejected;
        QString note;
        if (row.decision == TaggedPhoto::Accepted) note = tr("✓ accepted");
        else if (row.decision == TaggedPhoto::Rejected) note = tr("✗ rejected");
        else if (row.source == "few-shot") note = tr("(by example)");
        else if (row.source == "manual") note = tr("(manual)");
        hits.push_back({row.path, float(row.score < -1 ? 0.0 : row.score), note});
        shownIds_.push_back(row.photoId);
    }
    reviewModel_->setHits(hits);
    QString heading = tr("Select a tag to review its photos");
    if (!selectedTag_.isEmpty()) {
        heading = tr("“%1”: %n photo(s)", nullptr, int(hits.size()) - rejected).arg(selectedTag_);
        if (rejected > 0) heading += QStringLiteral(" ") + tr("(%n rejected shown)", nullptr, rejected);
    }
    reviewHeading_->setText(heading);
    updateButtons();
}

void TagsPage::requestLabelScores() {
    if (selectedTag_.isEmpty() || job_.isRunning()) return;  // asked again when the running job ends
    TaggingRequest request;
    request.kind = TaggingRequest::Kind::LabelScores;
    request.libraryDir = settings_.libraryDir();
    request.folders = scopeFolders();
    request.threads = settings_.threads();
    request.labels = vocabularyCombo_->currentData().toString();
    request.templates = templatesCombo_->currentData().toString();
    request.tag = selectedTag_;
    job_.start(request);
}

float TagsPage::cutOff() const {
    if (scores_.isEmpty()) return 0;
    const float high = scores_.front().score, low = scores_.back().score;
    const int step = thresholdSlider_->value();
    if (step >= kSliderSteps) return high;  // exactly, so that the best photo always passes
    return low + (high - low) * float(step) / float(kSliderSteps);
}

int TagsPage::passingCount() const {
    if (!hasLabelScores()) return 0;
    const float cut = cutOff();
    const auto end = std::partition_point(scores_.begin(), scores_.end(), [cut](const ScoredPhoto& s) { return s.score >= cut; });
    return int(end - scores_.begin());
}

void TagsPage::showPassingPhotos() {
    updateThresholdLabel();
    if (!hasLabelScores()) return;
    const int n = passingCount();
    QList<PhotoHit> hits;
    shownIds_.clear();
    hits.reserve(n);
    for (int i = 0; i < n; ++i) {
        hits.push_back({scores_[i].path, scores_[i].score, {}});
        shownIds_.push_back(scores_[i].photoId);
    }
    reviewModel_->setHits(hits);
    reviewHeading_->setText(tr("“%1” at this threshold: %n photo(s)", nullptr, n).arg(selectedTag_));
    updateButtons();
}

void TagsPage::updateThresholdLabel() {
    if (!hasLabelScores()) {
        thresholdLabel_->setText(selectedTag_.isEmpty() ? QString() : tr("scoring…"));
        return;
    }
    thresholdLabel_->setText(tr("cosine ≥ %1: %2 of %3 photos")
                                 .arg(QString::number(cutOff(), 'f', 3))
                                 .arg(passingCount())
                                 .arg(scores_.size()));
}

void TagsPage::applyThreshold() {
    if (!hasLabelScores()) return;
    TaggingRequest request;
    request.kind = TaggingRequest::Kind::ApplyThreshold;
    request.libraryDir = settings_.libraryDir();
    request.folders = scopeFolders();
    request.templates = templatesCombo_->currentData().toString();
    request.tag = selectedTag_;
    request.scores = scores_;
    request.cutOff = appliedCutOff_ = cutOff();
    startJob(request);
}

QList<qint64> TagsPage::shownPhotoIds() const { return shownIds_; }

QList<qint64> TagsPage::selectedPhotoIds() const {
    QList<qint64> ids;
    for (const QModelIndex& index : reviewView_->selectionModel()->selectedIndexes())
        if (index.row() < shownIds_.size()) ids << shownIds_[index.row()];
    return ids;
}

void TagsPage::acceptSelected() { decideSelected(TaggedPhoto::Accepted); }
void TagsPage::rejectSelected() { decideSelected(TaggedPhoto::Rejected); }

void TagsPage::decideSelected(int decision) {
    const QList<qint64> ids = selectedPhotoIds();
    if (ids.isEmpty() || selectedTag_.isEmpty() || decisionWatcher_.isRunning()) return;
    const QString dir = settings_.libraryDir();
    const QString tag = selectedTag_;
    previewing_ = false;
    decisionWatcher_.setFuture(QtConcurrent::run([dir, ids, tag, decision] { return decideTag(dir, ids, tag, decision); }));
    Q_EMIT statusMessage(decision == TaggedPhoto::Accepted
                             ? tr("Accepted “%1” on %n photo(s)", nullptr, int(ids.size())).arg(tag)
                             : tr("Rejected “%1” on %n photo(s)", nullptr, int(ids.size())).arg(tag));
}

void TagsPage::markSelectedAsExamples() {
    for (const QModelIndex& index : reviewView_->selectionModel()->selectedIndexes()) {
        const qint64 id = shownIds_.value(index.row());
        counterExamples_.remove(id);
        examples_.insert(id, reviewModel_->pathAt(index.row()));
    }
    retranslateUi();
    updateButtons();
}

void TagsPage::markSelectedAsCounterExamples() {
    for (const QModelIndex& index : reviewView_->selectionModel()->selectedIndexes()) {
        const qint64 id = shownIds_.value(index.row());
        examples_.remove(id);
        counterExamples_.insert(id, reviewModel_->pathAt(index.row()));
    }
    retranslateUi();
    updateButtons();
}

void TagsPage::clearExamples() {
    examples_.clear();
    counterExamples_.clear();
    retranslateUi();
    updateButtons();
}

void TagsPage::learnTag() {
    const QString tag = fewShotTagEdit_->text().trimmed();
    if (tag.isEmpty()) {
        showError(tr("Name the tag to learn."));
        return;
    }
    if (examples_.isEmpty()) {
        showError(tr("Select photos in the grid and mark them as examples first."));
        return;
    }
    TaggingRequest request;
    request.kind = TaggingRequest::Kind::FewShot;
    request.libraryDir = settings_.libraryDir();
    request.folders = scopeFolders();
    request.threads = settings_.threads();
    request.templates = templatesCombo_->currentData().toString();
    request.tag = tag;
    request.examples = examples_.keys();
    request.counterExamples = counterExamples_.keys();
    startJob(request);
}

void TagsPage::chooseExportFile(const QString& format) {
    const QString filter = format == "csv" ? tr("CSV files (*.csv)") : tr("JSON files (*.json)");
    const QString file = QFileDialog::getSaveFileName(this, tr("Export tags"), QDir::home().filePath("tags." + format), filter);
    if (!file.isEmpty()) exportTags(format, file);
}

void TagsPage::exportTags(const QString& format, const QString& outFile) {
    TaggingRequest request;
    request.kind = TaggingRequest::Kind::Export;
    request.libraryDir = settings_.libraryDir();
    request.folders = scopeFolders();
    request.format = format;
    request.outFile = outFile;
    exportProblems_->clear();
    exportProblems_->hide();
    startJob(request);
}

void TagsPage::useVocabulary(const QString& nameOrPath) {
    int index = vocabularyCombo_->findData(nameOrPath);
    if (index < 0) {
        vocabularyCombo_->addItem(QDir::toNativeSeparators(nameOrPath), nameOrPath);
        index = vocabularyCombo_->count() - 1;
    }
    if (vocabularyCombo_->currentIndex() == index) labelsEditor_->open(nameOrPath);
    else vocabularyCombo_->setCurrentIndex(index);
    scores_.clear();  // the label's synonyms may have changed
    scoresTag_.clear();
}

void TagsPage::useTemplates(const QString& nameOrPath) {
    int index = templatesCombo_->findData(nameOrPath);
    if (index < 0) {
        templatesCombo_->addItem(QDir::toNativeSeparators(nameOrPath), nameOrPath);
        index = templatesCombo_->count() - 1;
    }
    if (templatesCombo_->currentIndex() == index) templatesEditor_->open(nameOrPath);
    else templatesCombo_->setCurrentIndex(index);
    scores_.clear();
    scoresTag_.clear();
}

void TagsPage::runTagging() {
    // Unsaved edits are what the user means to run with: save (and check) them first.
    for (PromptFileEditor* editor : {labelsEditor_, templatesEditor_})
        if (editor->isModified() && editor->save().isEmpty()) {
            showError(editor->lastError());
            return;
        }
    const QString labels = vocabularyCombo_->currentData().toString();
    const QString templates = templatesCombo_->currentData().toString();
    for (const QString& problem : {checkPromptFile(PromptKind::Labels, labels), checkPromptFile(PromptKind::Templates, templates)})
        if (!problem.isEmpty()) {
            showError(problem);
            return;
        }
    bool none = false;
    const QStringList folders = scopeFolders(&none);
    if (none) {
        showError(tr("Check at least one folder to tag."));
        return;
    }
    TaggingRequest request;
    request.kind = TaggingRequest::Kind::ZeroShot;
    request.libraryDir = settings_.libraryDir();
    request.folders = folders;
    request.threads = settings_.threads();
    request.labels = labels;
    request.templates = templates;
    request.multi = modeCombo_->currentData().toString() == "multi";
    request.topK = topKSpin_->value();
    request.thresholdMethod = methodCombo_->currentData().toString();
    if (!defaultThresholdCheck_->isChecked()) request.threshold = thresholdSpin_->value();
    scores_.clear();
    scoresTag_.clear();
    startJob(request);
}

bool TagsPage::startJob(TaggingRequest request) {
    if (job_.isRunning()) {
        // The threshold preview is only a look-up: stop it and start what the user asked for.
        if (job_.runningKind() != TaggingRequest::Kind::LabelScores) {
            showError(tr("Another tagging job is running; wait for it or cancel it."));
            return false;
        }
        job_.cancel();
        queued_ = request;
        return true;
    }
    statusLabel_->setStyleSheet(QString());
    if (!job_.start(request)) return false;
    updateButtons();
    return true;
}

void TagsPage::cancel() { job_.cancel(); }

void TagsPage::onProgress(const TaggingStatus& status) {
    if (job_.runningKind() == TaggingRequest::Kind::LabelScores) return;  // quick; the label says "scoring…"
    progressBar_->show();
    switch (status.phase) {
    case TaggingStatus::Phase::Loading:
        progressBar_->setRange(0, 0);
        progressBar_->setFormat(tr("Loading the model…"));
        break;
    case TaggingStatus::Phase::EncodingLabels:
        progressBar_->setRange(0, int(std::max<qint64>(1, status.total)));
        progressBar_->setValue(int(status.done));
        progressBar_->setFormat(tr("Encoding labels %v / %m"));
        break;
    case TaggingStatus::Phase::Scoring:
        progressBar_->setRange(0, int(std::max<qint64>(1, status.total)));
        progressBar_->setValue(int(status.done));
        progressBar_->setFormat(tr("Scoring photos %v / %m"));
        break;
    case TaggingStatus::Phase::Writing:
        progressBar_->setRange(0, int(std::max<qint64>(1, status.total)));
        progressBar_->setValue(int(status.done));
        progressBar_->setFormat(tr("Writing %v / %m"));
        break;
    }
}

void TagsPage::onJobFinished(const TaggingOutcome& outcome) {
    progressBar_->hide();
    const bool quiet = outcome.kind == TaggingRequest::Kind::LabelScores;
    if (!quiet) lastOutcome_ = outcome;
    if (!outcome.error.isEmpty() && !(quiet && outcome.cancelled)) {
        showError(outcome.error);
    } else if (outcome.cancelled) {
        if (!quiet) statusLabel_->setText(tr("Cancelled; nothing was written."));
    } else {
        switch (outcome.kind) {
        case TaggingRequest::Kind::ZeroShot:
            statusLabel_->setText(tr("Tagged %1 of %n photo(s) with %2 labels (%3 encoded) in %4 s; %5 of your "
                                     "decisions kept.",
                                     nullptr, int(outcome.photos))
                                      .arg(outcome.tagged)
                                      .arg(outcome.labels)
                                      .arg(outcome.labelsEncoded)
                                      .arg(QString::number(outcome.seconds, 'f', 1))
                                      .arg(outcome.kept));
            break;
        case TaggingRequest::Kind::LabelScores:
            if (outcome.tag == selectedTag_) {
                scores_ = outcome.scores;
                scoresTag_ = outcome.tag;
                // Start the slider where the label's tags are now: the lowest cosine that carries it.
                float lowest = scores_.isEmpty() ? 0 : scores_.front().score;
                QSet<qint64> tagged;
                for (const auto& row : overview_.rows)
                    if (row.tag == selectedTag_ && row.decision != TaggedPhoto::Rejected) tagged.insert(row.photoId);
                for (const auto& s : scores_)
                    if (tagged.contains(s.photoId)) lowest = std::min(lowest, s.score);
                const float high = scores_.isEmpty() ? 0 : scores_.front().score;
                const float low = scores_.isEmpty() ? 0 : scores_.back().score;
                const int position = high > low ? int(std::floor((lowest - low) / (high - low) * kSliderSteps)) : 0;
                const QSignalBlocker blocker(thresholdSlider_);
                thresholdSlider_->setValue(std::clamp(position, 0, kSliderSteps));
                updateThresholdLabel();
                Q_EMIT labelScoresReady();
            }
            break;
        case TaggingRequest::Kind::ApplyThreshold:
            statusLabel_->setText(tr("“%1”: %2 photos at cosine ≥ %3; %4 tags written, %5 of your decisions kept.")
                                      .arg(outcome.tag)
                                      .arg(outcome.tagged)
                                      .arg(QString::number(appliedCutOff_, 'f', 3))
                                      .arg(outcome.written)
                                      .arg(outcome.kept));
            previewing_ = false;
            break;
        case TaggingRequest::Kind::FewShot:
            statusLabel_->setText(tr("Learned “%1” from %2 examples: %3 photos tagged.")
                                      .arg(outcome.tag)
                                      .arg(examples_.size())
                                      .arg(outcome.tagged));
            pendingSelect_ = outcome.tag;
            previewing_ = false;
            break;
        case TaggingRequest::Kind::Export:
            if (outcome.problems.isEmpty()) {
                statusLabel_->setText(outcome.sidecars > 0
                                          ? tr("Wrote %n XMP sidecar(s).", nullptr, int(outcome.sidecars))
                                          : tr("Exported the tags of %n photo(s).", nullptr, int(outcome.tagged)));
            } else {
                statusLabel_->setText(tr("Wrote %1 sidecars; %n failed:", nullptr, int(outcome.problems.size()))
                                          .arg(outcome.sidecars));
                exportProblems_->addItems(outcome.problems);
                exportProblems_->show();
            }
            break;
        }
        if (!quiet) Q_EMIT statusMessage(statusLabel_->text());
    }
    if (queued_) {
        const TaggingRequest next = *queued_;
        queued_.reset();
        startJob(next);
    } else if (!selectedTag_.isEmpty() && !hasLabelScores() &&
               !(outcome.kind == TaggingRequest::Kind::LabelScores && outcome.tag == selectedTag_)) {
        requestLabelScores();  // the tag was selected while another job ran
    }
    if (outcome.kind != TaggingRequest::Kind::LabelScores && outcome.kind != TaggingRequest::Kind::Export) refreshTags();
    updateButtons();
    Q_EMIT jobFinished();
}

void TagsPage::showError(const QString& message) {
    statusLabel_->setText(message);
    statusLabel_->setStyleSheet("QLabel { color: #b00020; }");
    Q_EMIT statusMessage(message);
}

void TagsPage::previewRow(int row) {
    const QString path = reviewModel_->pathAt(row);
    if (path.isEmpty()) return;
    preview_->showPhoto(path, reviewModel_->scoreAt(row));
    QStringList tags;
    const qint64 id = shownIds_.value(row);
    for (const auto& r : overview_.rows)
        if (r.photoId == id && r.decision != TaggedPhoto::Rejected) tags << r.tag;
    preview_->setTags(tags);
}

void TagsPage::updateButtons() {
    const bool busy = job_.isRunning() && job_.runningKind() != TaggingRequest::Kind::LabelScores;
    const bool selection = reviewView_->selectionModel() && reviewView_->selectionModel()->hasSelection();
    runButton_->setEnabled(!busy);
    cancelButton_->setEnabled(busy);
    const bool multi = modeCombo_->currentData().toString() == "multi";
    methodCombo_->setEnabled(multi);
    thresholdSpin_->setEnabled(multi && !defaultThresholdCheck_->isChecked());
    defaultThresholdCheck_->setEnabled(multi);
    acceptButton_->setEnabled(selection && !selectedTag_.isEmpty());
    rejectButton_->setEnabled(selection && !selectedTag_.isEmpty());
    thresholdSlider_->setEnabled(hasLabelScores());
    applyButton_->setEnabled(hasLabelScores() && !busy);
    markExamplesButton_->setEnabled(selection);
    markCounterButton_->setEnabled(selection);
    learnButton_->setEnabled(!busy && !examples_.isEmpty());
    for (QPushButton* b : {exportCsvButton_, exportJsonButton_, exportXmpButton_}) b->setEnabled(!busy);
}

}  // namespace clipdesk::ui
