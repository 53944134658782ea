#pragma once
// A catalogue model's download (core installModel) on a worker thread. Progress arrives as
// queued signals on the GUI thread (at most every 100 ms); cancel() stops the transfer and
// keeps the partial files, so the next download of the model resumes them.

#include <QMetaType>
#include "jobs/background_run.h"
#include "jobs/job_types.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>


namespace clipdesk::ui {

struct ModelDownloadRequest {
    QString catalogueFile;  // the catalogue the model comes from
    QString modelId;
    QString modelsDir;      // where models are installed
    QString mirror;         // "" downloads from the original URLs
};

struct ModelDownloadOutcome {
    QString modelId;
    QString path;           // the installed folder
    bool cancelled = false;
    QString error;          // empty on success
};

class ModelDownloadJob : public QObject {
    Q_OBJECT
public:
    explicit ModelDownloadJob(QObject* parent = nullptr);
    ~ModelDownloadJob() override;  // cancels and waits for a download still in progress

    bool isRunning() const { return run_.isRunning(); }
    // Starts a download; false (and nothing happens) if one is already running.
    bool start(const ModelDownloadRequest& request);
    // Thread-safe; finished() follows with cancelled = true.
    void cancel();

Q_SIGNALS:
    // Core's Downloading progress: item = the file, part of parts, bytes done of total.
    void progressChanged(const clipdesk::JobProgress& progress);
    void finished(const clipdesk::ui::ModelDownloadOutcome& outcome);

private:

    BackgroundRun run_{"clipdesk-model-download"};
};

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::ModelDownloadOutcome)
