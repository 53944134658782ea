#pragma once
// Watching the library's folders (core's watchLibrary use case) on a worker thread while the
// window is open: the watch coverage, each background re-index and each notice (a folder
// gone or back, a run that failed) arrive as queued signals on the GUI thread. stop() ends
// the watch (a run in progress stops after its batch); finished() follows.

#include "jobs/background_run.h"
#include "jobs/job_types.h"
#include "library/folder_watcher.h"
#include "text/translatable_text.h"

#include <QObject>
#include <QString>

namespace clipdesk::ui {

struct WatchRequest {
    QString libraryDir;
    QString modelPath;
    int threads = 0;
    int batchSize = 32;
    int settleMs = 3000;
};

class WatchJob : public QObject {
    Q_OBJECT
public:
    explicit WatchJob(QObject* parent = nullptr);
    ~WatchJob() override;  // stops and waits

    bool isRunning() const { return run_.isRunning(); }
    // False (and nothing happens) if a watch is running.
    bool start(const WatchRequest& request);
    void stop();

Q_SIGNALS:
    void coverageChanged(const clipdesk::WatchCoverage& coverage);
    // A background run brought changed folders up to date.
    void reindexed(const clipdesk::IndexSummary& summary);
    // A folder gone (photos kept) or back, or a background run that failed (tried again later).
    void notice(const clipdesk::ui::TranslatableText& message);
    // The watch ended: stopped (error empty) or could not start.
    void finished(const clipdesk::ui::TranslatableText& error);

private:
    BackgroundRun run_{"clipdesk-watch"};
};

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::WatchCoverage)
