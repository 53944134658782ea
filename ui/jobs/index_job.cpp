#include "jobs/index_job.h"

#include "clip/model/compute_threads.h"
#include "library/photo_indexer.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <filesystem>

namespace clipdesk::ui {
namespace {

// Forwards the indexer's reports to the job's signals (queued onto the GUI thread), at most
// every 100 ms while encoding, and asks the indexer to stop when the job is cancelled.
class SignalListener : public IndexProgressListener {
public:
    SignalListener(IndexJob* job, std::shared_ptr<std::atomic<bool>> cancelled)
        : job_(job), cancelled_(std::move(cancelled)) {
        sinceReport_.start();
    }

    bool onProgress(const IndexProgress& p) override {
        const bool last = p.phase == IndexProgress::Phase::Encoding && p.total > 0 && p.done == p.total;
        if (last || p.phase != lastPhase_ || sinceReport_.elapsed() >= 100) {
            lastPhase_ = p.phase;
            sinceReport_.restart();
            IndexStatus status;
            status.phase = p.phase == IndexProgress::Phase::Scanning   ? IndexStatus::Phase::Scanning
                           : p.phase == IndexProgress::Phase::Encoding ? IndexStatus::Phase::Encoding
                                                                       : IndexStatus::Phase::Finishing;
            status.done = p.done;
            status.total = p.total;
            status.currentFile = QString::fromStdString(p.currentFile);
            status.imagesPerSecond = p.imagesPerSecond;
            status.etaSeconds = p.etaSeconds;
            QMetaObject::invokeMethod(job_, [job = job_, status] { Q_EMIT job->progressChanged(status); },
                                      Qt::QueuedConnection);
        }
        return !cancelled_->load();
    }

    void onFailure(const PathProblem& problem) override {
        const QString path = QString::fromStdString(problem.path);
        const QString reason = QString::fromStdString(problem.reason);
        QMetaObject::invokeMethod(job_, [job = job_, path, reason] { Q_EMIT job->photoFailed(path, reason); },
                                  Qt::QueuedConnection);
    }

private:
    IndexJob* job_;
    std::shared_ptr<std::atomic<bool>> cancelled_;
    QElapsedTimer sinceReport_;
    IndexProgress::Phase lastPhase_ = IndexProgress::Phase::Scanning;
};

IndexOutcome runIndexing(const IndexRequest& request, IndexJob* job, std::shared_ptr<std::atomic<bool>> cancelled) {
    IndexOutcome outcome;
    try {
        if (request.modelPath.isEmpty())
            throw std::runtime_error(
                QCoreApplication::translate("IndexJob", "No model: choose a CLIP model in Settings.").toStdString());
        for (const auto& folder : request.folders) {
            std::error_code ec;
            if (!std::filesystem::is_directory(folder.toStdString(), ec))
                throw std::runtime_error(
                    QCoreApplication::translate("IndexJob", "%1: no such folder").arg(folder).toStdString());
        }
        std::filesystem::create_directories(request.libraryDir.toStdString());
        auto library = PhotoLibrary::open(std::filesystem::path(request.libraryDir.toStdString()), LibraryAccess::Create);
        if (cancelled->load()) {
            outcome.cancelled = true;
            return outcome;
        }
        setComputeThreads(request.threads);
        EmbedderOptions options;
        options.threads = request.threads;
        options.imageBatchSize = request.batchSize;
        options.precision = ComputePrecision::Auto;  // as clipdesk-cli index: the measured fastest
        const std::string modelPath = request.modelPath.toStdString();
        auto embedder = ClipEmbedder::open(modelPath, options);

        std::vector<std::string> folders;
        for (const auto& folder : request.folders) folders.push_back(folder.toStdString());
        IndexOptions indexOptions;
        indexOptions.batchSize = request.batchSize;
        SignalListener listener(job, cancelled);
        PhotoIndexer indexer(*library, *embedder, modelPath);
        const IndexSummary s = indexer.run(folders, indexOptions, &listener);
        outcome.added = s.added;
        outcome.updated = s.updated;
        outcome.moved = s.moved;
        outcome.removed = s.removed;
        outcome.unchanged = s.unchanged;
        outcome.failed = s.failed;
        outcome.seconds = s.seconds;
        outcome.imagesPerSecond = s.imagesPerSecond;
        outcome.cancelled = s.cancelled;
    } catch (const std::exception& e) {
        outcome.error = QString::fromStdString(e.what());
        outcome.cancelled = cancelled->load();
    }
    return outcome;
}

}  // namespace

IndexJob::IndexJob(QObject* parent) : QObject(parent) {
    qRegisterMetaType<IndexStatus>();
    qRegisterMetaType<IndexOutcome>();
}

IndexJob::~IndexJob() { run_.stopAndWait(); }

bool IndexJob::start(const IndexRequest& request) {
    const bool launched = run_.start(
        this, [this, request](const BackgroundRun::CancelFlag& cancelled) { return runIndexing(request, this, cancelled); },
        [this](const IndexOutcome& outcome) { Q_EMIT finished(outcome); });
    if (!launched) return false;
    Q_EMIT started();
    IndexStatus loading;
    loading.phase = IndexStatus::Phase::Loading;
    Q_EMIT progressChanged(loading);
    return true;
}

void IndexJob::cancel() { run_.cancel(); }

}  // namespace clipdesk::ui
