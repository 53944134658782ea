#include "jobs/duplicates_job.h"

#include "application/library_session.h"
#include "jobs/progress_throttle.h"
#include "services/use_case_messages.h"

#include <QElapsedTimer>

namespace clipdesk::ui {
namespace {

std::vector<std::int64_t> toIds(const QList<qint64>& ids) { return {ids.begin(), ids.end()}; }

}  // namespace

DuplicatesJob::DuplicatesJob(QObject* parent) : QObject(parent) {
    qRegisterMetaType<JobProgress>();
    qRegisterMetaType<DuplicatesOutcome>();
}

DuplicatesJob::~DuplicatesJob() { run_.stopAndWait(); }

void DuplicatesJob::setLibrary(const QString& libraryDir, int threads) {
    libraryDir_ = libraryDir;
    threads_ = threads;
}

template <typename Work>
bool DuplicatesJob::start(DuplicatesKind kind, Work work) {
    SessionOptions options;
    options.libraryDir = libraryDir_.toStdString();
    options.model.threads = threads_;
    const bool launched = run_.start(
        this, throttledProgressSignal(this, &DuplicatesJob::progressChanged), {},
        [kind, options, work = std::move(work)](const JobControl& control) {
            DuplicatesOutcome outcome;
            outcome.kind = kind;
            QElapsedTimer timer;
            timer.start();
            try {
                auto session = LibrarySession::open(options);
                work(*session, control, outcome);
            } catch (const JobCancelled&) {
                outcome.cancelled = true;
            } catch (const std::exception& e) {
                outcome.error = useCaseMessage(e);
            }
            outcome.seconds = timer.elapsed() / 1000.0;
            return outcome;
        },
        [this](const DuplicatesOutcome& outcome) { Q_EMIT finished(outcome); });
    if (!launched) return false;
    Q_EMIT started();
    return true;
}

bool DuplicatesJob::find(std::optional<double> maxDistance, bool remember) {
    return start(DuplicatesKind::Find, [maxDistance, remember](LibrarySession& s, const JobControl& c, DuplicatesOutcome& o) {
        o.result = findDuplicates(s, {maxDistance, remember}, c);
        o.distance = duplicateDistance(s);
    });
}

bool DuplicatesJob::mark(const QList<qint64>& photoIds, DuplicateMark mark) {
    return start(DuplicatesKind::Mark, [ids = toIds(photoIds), mark](LibrarySession& s, const JobControl&, DuplicatesOutcome& o) {
        o.changed = markDuplicates(s, ids, mark);
    });
}

bool DuplicatesJob::forgetTrashed(const QList<qint64>& photoIds) {
    return start(DuplicatesKind::ForgetTrashed, [ids = toIds(photoIds)](LibrarySession& s, const JobControl&, DuplicatesOutcome& o) {
        o.changed = forgetTrashedPhotos(s, ids);
    });
}

}  // namespace clipdesk::ui
