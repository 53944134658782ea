#pragma once
// Tags page: auto-tag folders of the library and review the result. A composition of
// panels over one TagReviewModel (the state and the use cases, no widgets):
//  - VocabularyPanel: the label vocabulary and template set, edited in place;
//  - RunPanel: the checked folders (the scope), a zero-shot run's settings, Tag / Cancel,
//    progress and the status line;
//  - TagReviewPanel: the tags with their counts and the selected tag's photos, Accept / Reject;
//  - ThresholdPanel: the live threshold preview and Apply;
//  - FewShotPanel: tag by example;
//  - ExportPanel: CSV, JSON or XMP sidecars, with per-file failures listed.

#include "services/library_overview.h"
#include "text/translatable_text.h"

#include <QWidget>

namespace clipdesk::ui {

class AppSettings;
class ExportPanel;
class FewShotPanel;
class RunPanel;
class TagReviewModel;
class TagReviewPanel;
class TaggingJob;
class ThresholdPanel;
class ThumbnailCache;
class VocabularyPanel;

class TagsPage : public QWidget {
    Q_OBJECT
public:
    TagsPage(AppSettings& settings, TaggingJob& job, ThumbnailCache& thumbnails, QWidget* parent = nullptr);

    TagReviewModel* model() const { return model_; }
    VocabularyPanel* vocabularyPanel() const { return vocabulary_; }
    RunPanel* runPanel() const { return run_; }
    TagReviewPanel* reviewPanel() const { return review_; }
    ThresholdPanel* thresholdPanel() const { return threshold_; }
    FewShotPanel* fewShotPanel() const { return fewShot_; }
    ExportPanel* exportPanel() const { return export_; }

public Q_SLOTS:
    void setLibraryOverview(const clipdesk::ui::LibraryOverview& overview);
    // Saves unsaved prompt edits (they are what the user means to run with), then runs.
    void runTagging();

Q_SIGNALS:
    void statusMessage(const clipdesk::ui::TranslatableText& message);
    void tagsChanged();  // the tags in scope were read again (after a run or a decision)

private:
    AppSettings& settings_;
    TagReviewModel* model_;
    VocabularyPanel* vocabulary_;
    RunPanel* run_;
    ExportPanel* export_;
    TagReviewPanel* review_;
    ThresholdPanel* threshold_;
    FewShotPanel* fewShot_;
};

}  // namespace clipdesk::ui
