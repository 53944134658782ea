#include "jobs/model_download_job.h"

#include "catalogue/model_catalogue.h"
#include "catalogue/model_installer.h"
#include "catalogue/model_store.h"

#include <QElapsedTimer>
#include <QThread>

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

ModelDownloadJob::~ModelDownloadJob() {
    if (thread_) {
        cancel();
        thread_->wait();
        delete thread_;
    }
}

bool ModelDownloadJob::start(const ModelDownloadRequest& request) {
    if (thread_) return false;
    cancelled_ = std::make_shared<std::atomic<bool>>(false);
    auto cancelled = cancelled_;
    thread_ = QThread::create([this, request, cancelled] {
        const ModelDownloadOutcome outcome = runDownload(request, this, cancelled);
        QMetaObject::invokeMethod(this, [this, outcome] { onThreadDone(outcome); }, Qt::QueuedConnection);
    });
    thread_->setObjectName("clipdesk-model-download");
    thread_->start();
    return true;
}

void ModelDownloadJob::cancel() {
    if (cancelled_) cancelled_->store(true);
}

void ModelDownloadJob::onThreadDone(const ModelDownloadOutcome& outcome) {
    if (thread_) {
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
    }
    Q_EMIT finished(outcome);
}

}  // namespace clipdesk::ui
