#pragma once
// What every job (indexing, tagging, model downloads) does around its work: one run at a time
// on its own QThread, a cancel flag shared with the run, and the run's outcome handed to the
// owner on the owner's (GUI) thread once the thread has ended. Destroying it cancels the run
// and waits for it (only at shutdown: the window waits for a job's finished() before closing).

#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>
#include <utility>

namespace clipdesk::ui {

class BackgroundRun {
public:
    using CancelFlag = std::shared_ptr<std::atomic<bool>>;

    explicit BackgroundRun(QString threadName) : threadName_(std::move(threadName)) {}
    ~BackgroundRun() { stopAndWait(); }
    BackgroundRun(const BackgroundRun&) = delete;
    BackgroundRun& operator=(const BackgroundRun&) = delete;

    bool isRunning() const { return thread_ != nullptr; }
    // Thread-safe: the run sees its flag set and stops at its next check.
    void cancel() {
        if (cancelled_) cancelled_->store(true);
    }

    // Cancels a run in progress and waits for its thread: for the owner's destructor, so that
    // the run never reports to a half-destroyed owner.
    void stopAndWait() {
        cancel();
        endThread();
    }

    // Runs `work(cancelFlag)` on a new thread, unless a run is in progress (then false). Its
    // result goes to `done(result)` on `owner`'s thread after the thread has ended.
    template <typename Work, typename Done>
    bool start(QObject* owner, Work work, Done done) {
        if (thread_) return false;
        cancelled_ = std::make_shared<std::atomic<bool>>(false);
        thread_ = QThread::create([this, owner, work = std::move(work), done = std::move(done), cancelled = cancelled_]() mutable {
            auto result = work(cancelled);
            QMetaObject::invokeMethod(
                owner,
                [this, done, result = std::move(result)]() mutable {
                    endThread();
                    done(result);
                },
                Qt::QueuedConnection);
        });
        thread_->setObjectName(threadName_);
        thread_->start();
        return true;
    }

private:
    void endThread() {
        if (!thread_) return;
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
    }

    QString threadName_;
    QThread* thread_ = nullptr;
    CancelFlag cancelled_;
};

}  // namespace clipdesk::ui
