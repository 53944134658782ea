#pragma once
// An indexing run (core PhotoIndexer) on a worker thread. Progress and failed photos arrive
// as queued signals on the GUI thread; cancel() stops the run after the batch in flight
// (finished batches are committed and kept).

#include <QList>
#include <QMetaType>
#include "jobs/background_run.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>


namespace clipdesk::ui {

struct IndexRequest {
    QString libraryDir;
    QStringList folders;   // folders to add and scan; empty: every folder of the library
    QString modelPath;
    int threads = 0;       // 0: every core
    int batchSize = 32;
};

struct IndexStatus {
    enum class Phase { Loading, Scanning, Encoding, Finishing };
    Phase phase = Phase::Loading;
    qint64 done = 0;
    qint64 total = 0;      // 0 while unknown
    QString currentFile;
    double imagesPerSecond = 0;
    double etaSeconds = -1;
};

struct IndexOutcome {
    qint64 added = 0, updated = 0, moved = 0, removed = 0, unchanged = 0, failed = 0;
    double seconds = 0;
    double imagesPerSecond = 0;
    bool cancelled = false;
    QString error;         // the run could not start or stopped on an error
};

class IndexJob : public QObject {
    Q_OBJECT
public:
    explicit IndexJob(QObject* parent = nullptr);
    ~IndexJob() override;  // cancels and waits for a run still in progress

    bool isRunning() const { return run_.isRunning(); }
    // Starts a run; false (and nothing happens) if one is already running.
    bool start(const IndexRequest& request);
    // Thread-safe; the run stops after the batch in flight and finished() follows.
    void cancel();

Q_SIGNALS:
    void started();
    void progressChanged(const clipdesk::ui::IndexStatus& status);
    void photoFailed(const QString& path, const QString& reason);
    void finished(const clipdesk::ui::IndexOutcome& outcome);

private:

    BackgroundRun run_{"clipdesk-index"};
};

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::IndexStatus)
Q_DECLARE_METATYPE(clipdesk::ui::IndexOutcome)
