#include "jobs/model_download_job.h"

#include "catalogue/model_catalogue.h"
#include "catalogue/model_installer.h"
#include "catalogue/model_store.h"

#include <QElapsedTimer>

namespace clipdesk::ui {
namespace {

ModelDownloadOutcome runDownload(const ModelDownloadRequest& request, ModelDownloadJob* job,
                                 const std::shared_ptr<std::atomic<bool>>& cancelled) {
    ModelDownloadOutcome outcome;
    outcome.modelId = request.modelId;
    try {
        const auto catalogue = loadCatalogue(request.catalogueFile.toStdString());
        const auto& entry = catalogue.at(request.modelId.toStdString());
        const ModelStore store(request.modelsDir.toStdString());
        InstallOptions options;
        options.mirror = request.mirror.toStdString();
        QElapsedTimer sinceReport;
        sinceReport.start();
        QString lastFile;
        const InstallCallback progress = [&](const InstallProgress& p) {
            const QString file = QString::fromStdString(p.file);
            if (file != lastFile || sinceReport.elapsed() >= 100) {
                lastFile = file;
                sinceReport.restart();
                ModelDownloadStatus status;
                status.file = file;
                status.fileIndex = p.fileIndex;
                status.fileCount = p.fileCount;
                status.done = static_cast<qint64>(p.done);
                status.total = p.total ? static_cast<qint64>(*p.total) : 0;
                status.bytesPerSecond = p.bytesPerSecond;
                QMetaObject::invokeMethod(job, [job, status] { Q_EMIT job->progressChanged(status); }, Qt::QueuedConnection);
            }
            return !cancelled->load();
        };
        const InstallResult r = installModel(entry, store, options, progress);
        outcome.path = QString::fromStdString(r.dir.string());
        outcome.cancelled = r.cancelled;
    } catch (const std::exception& e) {
        outcome.error = QString::fromStdString(e.what());
    }
    return outcome;
}

}  // namespace

ModelDownloadJob::ModelDownloadJob(QObject* parent) : QObject(parent) {
    qRegisterMetaType<ModelDownloadStatus>();
    qRegisterMetaType<ModelDownloadOutcome>();
}

ModelDownloadJob::~ModelDownloadJob() { run_.stopAndWait(); }

bool ModelDownloadJob::start(const ModelDownloadRequest& request) {
    const bool launched = run_.start(
        this, [this, request](const BackgroundRun::CancelFlag& cancelled) { return runDownload(request, this, cancelled); },
        [this](const ModelDownloadOutcome& outcome) { Q_EMIT finished(outcome); });
    if (!launched) return false;
    return true;
}

void ModelDownloadJob::cancel() { run_.cancel(); }


}  // namespace clipdesk::ui
