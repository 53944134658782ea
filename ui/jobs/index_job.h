#pragma once
// An index run (core's runIndex use case) on a worker thread. Progress (core JobProgress:
// Loading, Scanning, Encoding, Finishing) and failed photos arrive as queued signals on the
// GUI thread; cancel() stops the run after the batch in flight (finished batches are kept).

#include "jobs/background_run.h"
#include "jobs/job_types.h"
#include "text/translatable_text.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace clipdesk::ui {

struct IndexRequest {
    QString libraryDir;
    QStringList folders;   // folders to add and scan; empty: every folder of the library
    QString modelPath;
    int threads = 0;       // 0: every core
    int batchSize = 32;
};

struct IndexOutcome {
    IndexSummary summary;
    TranslatableText error;  // the run could not start or stopped on an error
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
    void progressChanged(const clipdesk::JobProgress& progress);
    void photoFailed(const QString& path, const QString& reason);
    void finished(const clipdesk::ui::IndexOutcome& outcome);

private:
    BackgroundRun run_{"clipdesk-index"};
};

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::IndexOutcome)
