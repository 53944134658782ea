#include "jobs/index_job.h"

#include "application/index_run.h"
#include "application/use_case_error.h"
#include "jobs/progress_throttle.h"
#include "services/use_case_messages.h"

namespace clipdesk::ui {

IndexJob::IndexJob(QObject* parent) : QObject(parent) {
    qRegisterMetaType<JobProgress>();
    qRegisterMetaType<IndexOutcome>();
}

IndexJob::~IndexJob() { run_.stopAndWait(); }

bool IndexJob::start(const IndexRequest& request) {
    IndexRunRequest run;
    run.libraryDir = request.libraryDir.toStdString();
    for (const auto& folder : request.folders) run.folders.push_back(folder.toStdString());
    run.model.path = request.modelPath.toStdString();
    run.model.threads = request.threads;
    run.model.batchSize = request.batchSize;
    run.model.precision = kIndexingPrecision;

    const bool launched = run_.start(
        this, throttledProgressSignal(this, &IndexJob::progressChanged),
        [this](const std::string& path, const std::string& reason) {
            const QString qpath = QString::fromStdString(path), qreason = QString::fromStdString(reason);
            QMetaObject::invokeMethod(this, [this, qpath, qreason] { Q_EMIT photoFailed(qpath, qreason); },
                                      Qt::QueuedConnection);
        },
        [run](const JobControl& control) {
            IndexOutcome outcome;
            try {
                if (run.model.path.empty())
                    throw UseCaseError(UseCaseProblem::NoModel, "", "no model: choose a CLIP model in Settings");
                outcome.summary = runIndex(run, control).summary;
            } catch (const JobCancelled&) {
                outcome.summary.cancelled = true;
            } catch (const std::exception& e) {
                outcome.error = useCaseMessage(e);
                outcome.summary.cancelled = control.cancelled();
            }
            return outcome;
        },
        [this](const IndexOutcome& outcome) { Q_EMIT finished(outcome); });
    if (!launched) return false;
    Q_EMIT started();
    Q_EMIT progressChanged(JobProgress{JobStage::Loading, 0, 0, {}});
    return true;
}

void IndexJob::cancel() { run_.cancel(); }

}  // namespace clipdesk::ui
