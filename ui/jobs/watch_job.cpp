#include "jobs/watch_job.h"

#include "application/index_run.h"
#include "application/library_watch.h"
#include "application/use_case_error.h"
#include "services/use_case_messages.h"

namespace clipdesk::ui {

WatchJob::WatchJob(QObject* parent) : QObject(parent) {
    qRegisterMetaType<WatchCoverage>();
    qRegisterMetaType<IndexSummary>();
    qRegisterMetaType<TranslatableText>();
}

WatchJob::~WatchJob() { run_.stopAndWait(); }

bool WatchJob::start(const WatchRequest& request) {
    LibraryWatchRequest watch;
    watch.index.libraryDir = request.libraryDir.toStdString();
    watch.index.model.path = request.modelPath.toStdString();
    watch.index.model.threads = request.threads;
    watch.index.model.batchSize = request.batchSize;
    watch.index.model.precision = kIndexingPrecision;
    watch.settle = std::chrono::milliseconds(request.settleMs);

    const auto queued = [this](auto emitSignal) { QMetaObject::invokeMethod(this, emitSignal, Qt::QueuedConnection); };
    return run_.start(
        this, {}, {},
        [this, watch, queued](const JobControl& control) {
            LibraryWatchListener listener;
            listener.coverage = [this, queued](const WatchCoverage& c) { queued([this, c] { Q_EMIT coverageChanged(c); }); };
            listener.reindexed = [this, queued](const WatchReindex& r) {
                queued([this, s = r.result.summary] { Q_EMIT reindexed(s); });
            };
            listener.notice = [this, queued](const WatchNotice& n) {
                const QString subject = QString::fromStdString(n.subject), message = QString::fromStdString(n.message);
                TranslatableText text;
                switch (n.kind) {
                case WatchNotice::Kind::FolderGone:
                    text = translatable([subject] {
                        return tr("%1 is gone (deleted, moved or its drive removed); its photos stay in the library "
                                  "until it returns.").arg(subject);
                    });
                    break;
                case WatchNotice::Kind::FolderBack:
                    text = translatable([subject] { return tr("%1 is back; indexing it again.").arg(subject); });
                    break;
                case WatchNotice::Kind::RunFailed:
                    text = translatable([message] {
                        return tr("Background indexing failed (tried again later): %1").arg(message);
                    });
                    break;
                }
                queued([this, text] { Q_EMIT notice(text); });
            };
            TranslatableText error;
            try {
                if (watch.index.model.path.empty())
                    throw UseCaseError(UseCaseProblem::NoModel, "", "no model: choose a CLIP model in Settings");
                watchLibrary(watch, listener, control);
            } catch (const JobCancelled&) {
            } catch (const std::exception& e) {
                error = useCaseMessage(e);
            }
            return error;
        },
        [this](const TranslatableText& error) { Q_EMIT finished(error); });
}

void WatchJob::stop() { run_.cancel(); }

}  // namespace clipdesk::ui
