#pragma once
// The Tags page's state and use cases, without widgets: the scope (checked folders), the
// prompts, the library's tags in scope, the selected tag and the photos shown for it, the
// selected label's scores over the scope with the threshold's cut-off, the few-shot examples,
// and the one TaggingJob request in flight (a threshold look-up gives way to anything else).
//
// Each request…() either happens whole or changes nothing: on refusal it returns false,
// emits message(reason, Error) and leaves every member as it was. Panels read the state
// through the accessors and follow the change signals.

#include "jobs/tagging_job.h"
#include "services/library_overview.h"
#include "services/search_service.h"
#include "services/tag_queries.h"

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace clipdesk::ui {

// The zero-shot run's settings, as the run panel shows them.
struct ZeroShotOptions {
    bool multi = false;
    int topK = 5;
    QString thresholdMethod = "margin";
    std::optional<double> threshold;  // multi: the method's value (default: its own)
};

class TagReviewModel : public QObject {
    Q_OBJECT
public:
    enum class Decision { Accept, Reject };
    // Result: the status line and the status bar; Error: the same in red; Transient: the
    // status bar only; Hint: the status line only.
    enum class MessageKind { Result, Error, Transient, Hint };
    Q_ENUM(MessageKind)

    explicit TagReviewModel(TaggingJob& job, QObject* parent = nullptr);

    // Where requests go; another library drops the review (scores, selection, examples).
    void setLibrary(const QString& libraryDir, int threads);
    // The library as read after a change: the label's scores are stale (the job reopens it).
    void setLibraryOverview(const LibraryOverview& overview);
    // The checked folders of `folderCount`; all checked = the whole library.
    void setScope(const QStringList& checkedFolders, int folderCount);
    // The vocabulary and template set (built-in names or files), chosen or saved; drops the scores.
    void setPrompts(const QString& labels, const QString& templates);

    QString libraryDir() const { return libraryDir_; }
    const QStringList& scope() const { return scope_; }  // empty: the whole library
    const TagOverview& overview() const { return overview_; }
    QString selectedTag() const { return selectedTag_; }
    // The photos the grid shows: the selected tag's, or those passing the cut-off while previewing.
    const QList<PhotoHit>& shownPhotos() const { return shownHits_; }
    const QList<qint64>& shownPhotoIds() const { return shownIds_; }
    bool previewingThreshold() const { return previewing_; }
    int shownRejected() const { return shownRejected_; }
    // The tags of a photo in scope, rejected ones left out.
    QStringList tagsOf(qint64 photoId) const;

    // The selected label's cosine with every photo in scope, best first; null until scored.
    const LabelScores* labelScores() const;
    float cutOff() const { return cutOff_; }
    int passingCount() const;
    int scoredCount() const;

    const QSet<qint64>& examples() const { return examples_; }
    const QSet<qint64>& counterExamples() const { return counterExamples_; }
    // "path: reason" for each file the last export could not write.
    const QStringList& exportProblems() const { return exportProblems_; }

    // A request other than a threshold look-up is running or waiting to.
    bool isBusy() const;

    // Re-reads the tags of the scope off the GUI thread; overviewChanged() follows.
    void refreshTags();

    bool requestSelectTag(const QString& tag);  // "" clears the selection
    bool requestDecision(const QList<qint64>& photoIds, Decision decision);
    bool requestScores();                         // the selected label over the scope
    bool setCutOff(float cutOff);                 // previews the photos that pass it
    bool requestApply();                          // the selected label at the cut-off
    bool requestMarkExamples(const QList<qint64>& photoIds);
    bool requestMarkCounterExamples(const QList<qint64>& photoIds);
    void clearExamples();
    bool requestLearnTag(const QString& tag);
    bool requestExport(const QString& format, const QString& outFile = {});  // "csv", "json" into outFile; "xmp"
    bool requestZeroShotRun(const ZeroShotOptions& options);
    void cancel();

    // What the tag read and the job deliver (public so that tests can feed them).
    void takeOverview(const TagOverview& overview);
    void takeOutcome(const TaggingOutcome& outcome);

Q_SIGNALS:
    void overviewChanged();
    void selectedTagChanged(const QString& tag);
    void shownPhotosChanged();
    void labelScoresChanged();
    void cutOffChanged(float cutOff);
    void examplesChanged();
    void exportProblemsChanged();
    void busyChanged();
    void progressChanged(const clipdesk::JobProgress& progress);  // not for threshold look-ups
    void message(const clipdesk::ui::TranslatableText& text, clipdesk::ui::TagReviewModel::MessageKind kind);

private:
    using Start = std::function<bool()>;
    bool refuse(const TranslatableText& reason);
    bool refuse(const char* sourceText);  // QT_TR_NOOP: translated each time it is shown
    static TranslatableText translated(const char* sourceText);
    bool startRequest(Start start);
    void prepareJob();
    void onProgress(const JobProgress& progress);
    bool scoreSelectedLabel();  // quietly; false when it must wait for the running job
    void takeLabelScores(const LabelScores& scores);
    void takeExportProblems(const TagExportResult& exported);
    void onOverviewRead();
    void selectTag(const QString& tag);
    void dropScores();
    void showTagPhotos();
    void showPassingPhotos();
    bool hasTag(const QString& tag) const;
    bool areShown(const QList<qint64>& photoIds) const;
    float cutOffWhereTagged() const;
    void startQueued();
    TranslatableText outcomeMessage(const TaggingOutcome& outcome) const;
    static QString outcomeText(const TaggingOutcome& outcome, qint64 taggedByExample, const QString& appliedTag,
                               float appliedCutOff, const QString& learntTag);

    TaggingJob& job_;
    QString libraryDir_;
    int threads_ = 0;
    bool libraryExists_ = false;
    QStringList scope_;
    bool nothingChecked_ = false;
    QString labels_ = "builtin";
    QString templates_ = "imagenet80";

    TagOverview overview_;
    QFutureWatcher<TagOverview> overviewWatcher_;
    QFutureWatcher<QString> decisionWatcher_;
    bool refreshAgain_ = false;
    QString selectedTag_;
    QString pendingSelect_;  // selected once the tags are read again (a learnt tag)

    QList<PhotoHit> shownHits_;
    QList<qint64> shownIds_;
    int shownRejected_ = 0;
    bool previewing_ = false;

    std::optional<LabelScores> scores_;  // for the selected tag only
    QString scoringTag_;                 // the label of the last look-up started
    int scoresEpoch_ = 0;                // counts what makes scores stale (scope, prompts, library)
    int scoringEpoch_ = 0;               // scoresEpoch_ when the last look-up started
    float cutOff_ = 0;
    QString appliedTag_;
    float appliedCutOff_ = 0;
    QString learntTag_;

    QSet<qint64> examples_, counterExamples_;
    QStringList exportProblems_;
    Start queued_;  // waits for the threshold look-up to stop
};

}  // namespace clipdesk::ui
