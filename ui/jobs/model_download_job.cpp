#include "jobs/model_download_job.h"

#include "catalogue/model_catalogue.h"
#include "catalogue/model_installer.h"
#include "catalogue/model_store.h"

#include "jobs/progress_throttle.h"

namespace clipdesk::ui {
namespace {

ModelDownloadOutcome runDownload(const ModelDownloadRequest& request, const JobControl& control) {
    ModelDownloadOutcome outcome;
    outcome.modelId = request.modelId;
    try {
        const auto catalogue = loadCatalogue(request.catalogueFile.toStdString());
        const auto& entry = catalogue.at(request.modelId.toStdString());
        const ModelStore store(request.modelsDir.toStdString());
        InstallOptions options;
        options.mirror = request.mirror.toStdString();
        const InstallResult r = installModel(entry, store, options, control);
        outcome.path = QString::fromStdString(r.dir.string());
        outcome.cancelled = r.cancelled;
    } catch (const std::exception& e) {
        outcome.error = QString::fromStdString(e.what());
    }
    return outcome;
}

}  // namespace

ModelDownloadJob::ModelDownloadJob(QObject* parent) : QObject(parent) {
    qRegisterMetaType<JobProgress>();
    qRegisterMetaType<ModelDownloadOutcome>();
}

ModelDownloadJob::~ModelDownloadJob() { run_.stopAndWait(); }

bool ModelDownloadJob::start(const ModelDownloadRequest& request) {
    // A new file is always shown; within a file, at most every 100 ms.
    auto throttle = std::make_shared<ProgressThrottle>();
    auto lastFile = std::make_shared<std::string>();
    return run_.start(
        this,
        [this, throttle, lastFile](const JobProgress& p) {
            const bool newFile = p.item != *lastFile;
            *lastFile = p.item;
            if (throttle->pass(p) || newFile)
                QMetaObject::invokeMethod(this, [this, p] { Q_EMIT progressChanged(p); }, Qt::QueuedConnection);
        },
        {}, [request](const JobControl& control) { return runDownload(request, control); },
        [this](const ModelDownloadOutcome& outcome) { Q_EMIT finished(outcome); });
}

void ModelDownloadJob::cancel() { run_.cancel(); }


}  // namespace clipdesk::ui
