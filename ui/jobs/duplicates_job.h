#pragma once
// The near-duplicate use cases (core/application/duplicate_review.h) on a worker thread, one
// request at a time: finding the groups, marking photos (a `duplicate` tag, hidden from
// results), and forgetting photos the window moved to the trash. Each request opens the
// library afresh (it may have changed since). Progress arrives as queued signals.

#include "application/duplicate_review.h"
#include "jobs/background_run.h"
#include "jobs/job_types.h"
#include "text/translatable_text.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

namespace clipdesk::ui {

enum class DuplicatesKind { Find, Mark, ForgetTrashed };

struct DuplicatesOutcome {
    DuplicatesKind kind = DuplicatesKind::Find;
    DuplicatesResult result;      // Find
    DuplicateDistance distance;   // Find: the model's default and whether the user chose one
    std::int64_t changed = 0;     // Mark, ForgetTrashed: photos marked or forgotten
    double seconds = 0;
    bool cancelled = false;
    TranslatableText error;
};

class DuplicatesJob : public QObject {
    Q_OBJECT
public:
    explicit DuplicatesJob(QObject* parent = nullptr);
    ~DuplicatesJob() override;  // cancels and waits for a run still in progress

    void setLibrary(const QString& libraryDir, int threads);
    bool isRunning() const { return run_.isRunning(); }

    // Each starts a request; false (and nothing happens) if one is already running.
    bool find(std::optional<double> maxDistance, bool remember);
    bool mark(const QList<qint64>& photoIds, DuplicateMark mark);
    bool forgetTrashed(const QList<qint64>& photoIds);
    void cancel() { run_.cancel(); }

Q_SIGNALS:
    void started();
    void progressChanged(const clipdesk::JobProgress& progress);
    void finished(const clipdesk::ui::DuplicatesOutcome& outcome);

private:
    template <typename Work>
    bool start(DuplicatesKind kind, Work work);

    QString libraryDir_;
    int threads_ = 0;
    BackgroundRun run_{"clipdesk-duplicates"};
};

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::DuplicatesOutcome)
