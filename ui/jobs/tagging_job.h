#pragma once
// The tagging use cases (core's TaggingSession) on a worker thread, one request at a time:
// a zero-shot run, scoring one label over the scope (the threshold review), applying a
// cut-off to the label scored last, learning a tag from examples, and exporting. The library
// session and its model stay open between requests (reopened when the library or thread
// count changes, or after invalidate()). Progress (core JobProgress) arrives as queued
// signals on the GUI thread; cancel() stops a run at its next check, before anything is
// written (label embeddings already encoded stay cached).

#include "application/tagging_requests.h"
#include "jobs/background_run.h"
#include "jobs/job_types.h"
#include "text/translatable_text.h"

#include <QObject>
#include <QString>

#include <memory>

namespace clipdesk::ui {

enum class TaggingKind { ZeroShot, LabelScores, ApplyThreshold, FewShot, Export };

struct TaggingOutcome {
    TaggingKind kind = TaggingKind::ZeroShot;
    ZeroShotTagResult zeroShot;      // ZeroShot
    LabelScores labelScores;         // LabelScores: every photo in scope, best first
    ThresholdApplyResult applied;    // ApplyThreshold
    FewShotTagResult fewShot;        // FewShot
    TagExportResult exported;        // Export
    double seconds = 0;
    bool cancelled = false;
    TranslatableText error;          // a readable (translated where core names the problem) message
};

class TaggingJob : public QObject {
    Q_OBJECT
public:
    explicit TaggingJob(QObject* parent = nullptr);
    ~TaggingJob() override;  // cancels and waits for a run still in progress

    // The library the requests work on; the open session is dropped when these change.
    void setLibrary(const QString& libraryDir, int threads);
    // The library changed underneath (an index run, another model): reopen on the next request.
    void invalidate();

    bool isRunning() const { return run_.isRunning(); }
    TaggingKind runningKind() const { return running_; }

    // Each starts a request; false (and nothing happens) if one is already running.
    bool runZeroShot(const ZeroShotTagRequest& request);
    bool scoreLabel(const LabelScoresRequest& request);
    bool applyThreshold(const ThresholdApplyRequest& request);
    bool learnTag(const FewShotTagRequest& request);
    bool exportTags(const TagExportRequest& request);
    void cancel();

Q_SIGNALS:
    void started();
    void progressChanged(const clipdesk::JobProgress& progress);
    void finished(const clipdesk::ui::TaggingOutcome& outcome);

private:
    struct Worker;
    template <typename Work>
    bool start(TaggingKind kind, Work work);

    std::shared_ptr<Worker> worker_;  // touched only by the run in progress
    QString libraryDir_;
    int threads_ = 0;
    TaggingKind running_ = TaggingKind::ZeroShot;
    BackgroundRun run_{"clipdesk-tagging"};
};

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::TaggingOutcome)
