#pragma once
// Tagging work on a worker thread, one run at a time, like IndexJob: a zero-shot run over the
// chosen folders, scoring every photo against one label (the threshold preview), writing one
// label's tags at a chosen threshold, learning a tag from examples (few-shot), and exporting
// tags (CSV, JSON, XMP sidecars). Progress arrives as queued signals on the GUI thread;
// cancel() stops a zero-shot run between label groups or photo chunks, before anything is
// written (label embeddings already encoded stay cached).

#include <QList>
#include <QMetaType>
#include "jobs/background_run.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>


namespace clipdesk::ui {

struct ScoredPhoto {
    qint64 photoId = 0;
    QString path;
    float score = 0;
};

struct TaggingRequest {
    enum class Kind { ZeroShot, LabelScores, ApplyThreshold, FewShot, Export };
    Kind kind = Kind::ZeroShot;
    QString libraryDir;
    QStringList folders;        // scope; empty: the whole library
    int threads = 0;
    QString labels = "builtin"; // ZeroShot, LabelScores (the tag's synonyms): "builtin" or a file
    QString templates = "imagenet80";
    // ZeroShot
    bool multi = false;
    int topK = 5;
    QString thresholdMethod = "margin";
    std::optional<double> threshold;  // multi: the method's threshold (default: its own)
    // LabelScores, ApplyThreshold, FewShot
    QString tag;
    QList<ScoredPhoto> scores;  // ApplyThreshold: every photo of the scope with its cosine
    float cutOff = 0;           // ApplyThreshold
    QList<qint64> examples, counterExamples;  // FewShot
    // Export
    QString format;             // "csv", "json", "xmp"
    QString outFile;            // csv, json
};

struct TaggingStatus {
    enum class Phase { Loading, EncodingLabels, Scoring, Writing };
    Phase phase = Phase::Loading;
    qint64 done = 0;
    qint64 total = 0;           // 0 while unknown
};

struct TaggingOutcome {
    TaggingRequest::Kind kind = TaggingRequest::Kind::ZeroShot;
    QString tag;
    qint64 photos = 0;          // photos in scope
    qint64 tagged = 0;          // photos given at least one tag
    qint64 labels = 0, labelsEncoded = 0;
    qint64 written = 0, kept = 0;
    QList<ScoredPhoto> scores;  // LabelScores: every photo, best first; FewShot: tagged photos
    qint64 sidecars = 0;        // Export xmp
    QStringList problems;       // Export: "path: reason" per file that failed
    double seconds = 0;
    bool cancelled = false;
    QString error;
};

class TaggingJob : public QObject {
    Q_OBJECT
public:
    explicit TaggingJob(QObject* parent = nullptr);
    ~TaggingJob() override;  // cancels and waits for a run still in progress

    bool isRunning() const { return run_.isRunning(); }
    TaggingRequest::Kind runningKind() const { return running_; }
    // Starts a run; false (and nothing happens) if one is already running.
    bool start(const TaggingRequest& request);
    void cancel();

Q_SIGNALS:
    void started();
    void progressChanged(const clipdesk::ui::TaggingStatus& status);
    void finished(const clipdesk::ui::TaggingOutcome& outcome);

private:

    TaggingRequest::Kind running_ = TaggingRequest::Kind::ZeroShot;
    BackgroundRun run_{"clipdesk-tagging"};
};

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::TaggingStatus)
Q_DECLARE_METATYPE(clipdesk::ui::TaggingOutcome)
