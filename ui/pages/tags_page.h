#pragma once
// Tags page: auto-tag folders of the library and review the result.
//  - the label vocabulary and template set (built-in or a user file), edited in place;
//  - a zero-shot run over the checked folders (single or multi-label, top-K, threshold method)
//    on the TaggingJob's worker thread, with progress and Cancel;
//  - the tags with their photo counts, and for the selected tag a thumbnail grid of its photos:
//    Accept / Reject (buttons, A / R keys, multi-selection), Space or double-click previews;
//  - a threshold slider that previews, live, which photos of the scope pass a cosine cut-off
//    for the selected label, and Apply writes those automatic tags;
//  - tag by example (few-shot) from photos marked as examples and counter-examples;
//  - export as CSV, JSON or XMP sidecars, with per-file failures listed.

#include "jobs/tagging_job.h"
#include "services/library_overview.h"
#include "services/tag_queries.h"

#include <QFutureWatcher>
#include <QMap>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QTabWidget;

namespace clipdesk::ui {

class AppSettings;
class PhotoGridView;
class PhotoPreviewDialog;
class PromptFileEditor;
class SearchResultModel;
class TagCountModel;
class ThumbnailCache;

class TagsPage : public QWidget {
    Q_OBJECT
public:
    TagsPage(AppSettings& settings, TaggingJob& job, ThumbnailCache& thumbnails, QWidget* parent = nullptr);

    QComboBox* vocabularyCombo() const { return vocabularyCombo_; }
    QComboBox* templatesCombo() const { return templatesCombo_; }
    PromptFileEditor* labelsEditor() const { return labelsEditor_; }
    PromptFileEditor* templatesEditor() const { return templatesEditor_; }
    QListWidget* folderList() const { return folderList_; }
    QComboBox* modeCombo() const { return modeCombo_; }
    QSpinBox* topKSpin() const { return topKSpin_; }
    QComboBox* methodCombo() const { return methodCombo_; }
    QPushButton* runButton() const { return runButton_; }
    QPushButton* cancelButton() const { return cancelButton_; }
    QLabel* statusLabel() const { return statusLabel_; }
    TagCountModel* tagModel() const { return tagModel_; }
    QListView* tagList() const { return tagList_; }
    SearchResultModel* reviewModel() const { return reviewModel_; }
    PhotoGridView* reviewView() const { return reviewView_; }
    QSlider* thresholdSlider() const { return thresholdSlider_; }
    QLabel* thresholdLabel() const { return thresholdLabel_; }
    QPushButton* applyButton() const { return applyButton_; }
    QLineEdit* fewShotTagEdit() const { return fewShotTagEdit_; }
    QListWidget* exportProblems() const { return exportProblems_; }
    PhotoPreviewDialog* previewDialog() const { return preview_; }

    // The photo ids shown in the review grid, row by row.
    QList<qint64> shownPhotoIds() const;
    QString selectedTag() const { return selectedTag_; }
    // Photos of the scope whose cosine with the selected label passes the slider's cut-off.
    int passingCount() const;
    float cutOff() const;
    bool hasLabelScores() const { return !scores_.isEmpty() && scoresTag_ == selectedTag_; }
    const TagOverview& overview() const { return overview_; }
    const TaggingOutcome& lastOutcome() const { return lastOutcome_; }
    int exampleCount() const { return int(examples_.size()); }
    int counterExampleCount() const { return int(counterExamples_.size()); }

public Q_SLOTS:
    void setLibraryOverview(const clipdesk::ui::LibraryOverview& overview);
    // Re-reads the tags of the scope (off the GUI thread); overviewRefreshed() follows.
    void refreshTags();
    // Adds a vocabulary / template file to its list and selects it.
    void useVocabulary(const QString& nameOrPath);
    void useTemplates(const QString& nameOrPath);
    void runTagging();
    void cancel();
    void selectTag(const QString& tag);
    void acceptSelected();
    void rejectSelected();
    void applyThreshold();
    void markSelectedAsExamples();
    void markSelectedAsCounterExamples();
    void clearExamples();
    void learnTag();
    // "csv" or "json" into `outFile`, or "xmp" (sidecars next to the photos).
    void exportTags(const QString& format, const QString& outFile = {});

Q_SIGNALS:
    void statusMessage(const QString& message);
    void tagsChanged();
    void overviewRefreshed();
    void labelScoresReady();
    void jobFinished();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* createSetupPanel();
    QWidget* createReviewPanel();
    void retranslateUi();
    QStringList scopeFolders(bool* none = nullptr) const;
    bool startJob(TaggingRequest request);
    void onProgress(const TaggingStatus& status);
    void onJobFinished(const TaggingOutcome& outcome);
    void onOverviewRead();
    void showTagPhotos();
    void showPassingPhotos();
    void requestLabelScores();
    void updateThresholdLabel();
    void updateButtons();
    void decideSelected(int decision);
    QList<qint64> selectedPhotoIds() const;
    void previewRow(int row);
    void chooseExportFile(const QString& format);
    void showError(const QString& message);

    AppSettings& settings_;
    TaggingJob& job_;
    ThumbnailCache& thumbnails_;
    LibraryOverview library_;
    TagOverview overview_;
    TaggingOutcome lastOutcome_;
    QFutureWatcher<TagOverview> overviewWatcher_;
    QFutureWatcher<QString> decisionWatcher_;
    bool refreshAgain_ = false;
    QString selectedTag_;
    QString pendingSelect_;
    QList<ScoredPhoto> scores_;  // the selected label's cosine with every photo of the scope, best first
    QString scoresTag_;
    bool previewing_ = false;    // the grid shows the slider's passing photos, not the tag's
    QList<qint64> shownIds_;
    std::optional<TaggingRequest> queued_;  // waits for the threshold preview to stop
    float appliedCutOff_ = 0;
    QMap<qint64, QString> examples_, counterExamples_;

    QComboBox* vocabularyCombo_;
    QPushButton* vocabularyOpenButton_;
    QComboBox* templatesCombo_;
    QPushButton* templatesOpenButton_;
    QTabWidget* editorTabs_;
    PromptFileEditor* labelsEditor_;
    PromptFileEditor* templatesEditor_;
    QGroupBox* promptsBox_;
    QGroupBox* runBox_;
    QListWidget* folderList_;
    QFormLayout* runForm_;
    QComboBox* modeCombo_;
    QSpinBox* topKSpin_;
    QComboBox* methodCombo_;
    QDoubleSpinBox* thresholdSpin_;
    QCheckBox* defaultThresholdCheck_;
    QPushButton* runButton_;
    QPushButton* cancelButton_;
    QProgressBar* progressBar_;
    QLabel* statusLabel_;
    QGroupBox* exportBox_;
    QPushButton* exportCsvButton_;
    QPushButton* exportJsonButton_;
    QPushButton* exportXmpButton_;
    QListWidget* exportProblems_;
    QLabel* tagsHeading_;
    TagCountModel* tagModel_;
    QListView* tagList_;
    QLabel* reviewHeading_;
    SearchResultModel* reviewModel_;
    PhotoGridView* reviewView_;
    QPushButton* acceptButton_;
    QPushButton* rejectButton_;
    QLabel* sliderHeading_;
    QSlider* thresholdSlider_;
    QLabel* thresholdLabel_;
    QPushButton* applyButton_;
    QGroupBox* fewShotBox_;
    QLineEdit* fewShotTagEdit_;
    QPushButton* markExamplesButton_;
    QPushButton* markCounterButton_;
    QPushButton* clearExamplesButton_;
    QPushButton* learnButton_;
    QLabel* examplesLabel_;
    PhotoPreviewDialog* preview_;
};

}  // namespace clipdesk::ui
