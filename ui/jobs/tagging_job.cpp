#include "jobs/tagging_job.h"

#include "application/library_session.h"
#include "application/tagging_session.h"
#include "jobs/progress_throttle.h"
#include "services/use_case_messages.h"

#include <QElapsedTimer>

namespace clipdesk::ui {

// The open library and its model, kept between requests on the worker thread.
struct TaggingJob::Worker {
    std::string libraryDir;
    int threads = 0;
    std::unique_ptr<LibrarySession> session;
    std::unique_ptr<TaggingSession> tagging;

    TaggingSession& open() {
        if (!tagging) {
            SessionOptions options;
            options.libraryDir = libraryDir;
            options.model.threads = threads;
            session = LibrarySession::open(options);
            tagging = std::make_unique<TaggingSession>(*session);
        }
        return *tagging;
    }
};

TaggingJob::TaggingJob(QObject* parent) : QObject(parent), worker_(std::make_shared<Worker>()) {
    qRegisterMetaType<JobProgress>();
    qRegisterMetaType<TaggingOutcome>();
}

TaggingJob::~TaggingJob() { run_.stopAndWait(); }

void TaggingJob::setLibrary(const QString& libraryDir, int threads) {
    if (libraryDir == libraryDir_ && threads == threads_) return;
    libraryDir_ = libraryDir;
    threads_ = threads;
    invalidate();
}

void TaggingJob::invalidate() {
    // A run in progress keeps the worker it started with; the next request opens anew.
    auto fresh = std::make_shared<Worker>();
    fresh->libraryDir = libraryDir_.toStdString();
    fresh->threads = threads_;
    worker_ = std::move(fresh);
}

template <typename Work>
bool TaggingJob::start(TaggingKind kind, Work work) {
    const bool launched = run_.start(
        this, throttledProgressSignal(this, &TaggingJob::progressChanged), {},
        [kind, work = std::move(work), worker = worker_](const JobControl& control) {
            TaggingOutcome outcome;
            outcome.kind = kind;
            QElapsedTimer timer;
            timer.start();
            try {
                work(worker->open(), control, outcome);
            } catch (const JobCancelled&) {
                outcome.cancelled = true;
            } catch (const std::exception& e) {
                outcome.error = useCaseMessage(e);
                outcome.cancelled = control.cancelled();
            }
            outcome.seconds = timer.elapsed() / 1000.0;
            return outcome;
        },
        [this](const TaggingOutcome& outcome) { Q_EMIT finished(outcome); });
    if (!launched) return false;
    running_ = kind;
    Q_EMIT started();
    Q_EMIT progressChanged(JobProgress{});
    return true;
}

bool TaggingJob::runZeroShot(const ZeroShotTagRequest& request) {
    return start(TaggingKind::ZeroShot, [request](TaggingSession& s, const JobControl& c, TaggingOutcome& o) {
        o.zeroShot = s.runZeroShot(request, c);
        o.zeroShot.photoIds.clear();  // the page reads tags from the database; keep the signal small
        o.zeroShot.tags.clear();
    });
}

bool TaggingJob::scoreLabel(const LabelScoresRequest& request) {
    return start(TaggingKind::LabelScores, [request](TaggingSession& s, const JobControl& c, TaggingOutcome& o) {
        o.labelScores = s.scoreLabel(request, c);
    });
}

bool TaggingJob::applyThreshold(const ThresholdApplyRequest& request) {
    return start(TaggingKind::ApplyThreshold, [request](TaggingSession& s, const JobControl& c, TaggingOutcome& o) {
        o.applied = s.applyThreshold(request, c);
    });
}

bool TaggingJob::learnTag(const FewShotTagRequest& request) {
    return start(TaggingKind::FewShot, [request](TaggingSession& s, const JobControl& c, TaggingOutcome& o) {
        o.fewShot = s.learnTag(request, c);
    });
}

bool TaggingJob::exportTags(const TagExportRequest& request) {
    return start(TaggingKind::Export, [request](TaggingSession& s, const JobControl& c, TaggingOutcome& o) {
        o.exported = s.exportTags(request, c);
    });
}

void TaggingJob::cancel() { run_.cancel(); }

}  // namespace clipdesk::ui
