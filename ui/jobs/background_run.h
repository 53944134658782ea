#pragma once
// What every job (indexing, tagging, training, model downloads) does around its work: one run
// at a time on its own QThread, a JobControl (base/job_control.h) shared with the run for
// progress and cancelling, and the run's outcome handed to the owner on the owner's (GUI)
// thread once the thread has ended. Destroying it cancels the run and waits for it (only at
// shutdown: the window waits for a job's finished() before closing).

#include "base/job_control.h"

#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QThread>

#include <memory>
#include <utility>

namespace clipdesk::ui {

class BackgroundRun {
public:
    explicit BackgroundRun(QString threadName) : threadName_(std::move(threadName)) {}
    ~BackgroundRun() { stopAndWait(); }
    BackgroundRun(const BackgroundRun&) = delete;
    BackgroundRun& operator=(const BackgroundRun&) = delete;

    bool isRunning() const { return thread_ != nullptr; }
    // Thread-safe: the run sees its control cancelled and stops at its next check.
    void cancel() {
        if (control_) control_->cancel();
    }

    // Cancels a run in progress and waits for its thread: for the owner's destructor, so that
    // the run never reports to a half-destroyed owner.
    void stopAndWait() {
        cancel();
        endThread();
    }

    // Runs `work(control)` on a new thread, unless a run is in progress (then false); the
    // control hands progress and problems to the listeners (on the run's thread). The result
    // goes to `done(result)` on `owner`'s thread after the thread has ended.
    template <typename Work, typename Done>
    bool start(QObject* owner, JobControl::ProgressListener progress, JobControl::ProblemListener problems, Work work,
               Done done) {
        if (thread_) return false;
        control_ = std::make_shared<JobControl>(std::move(progress), std::move(problems));
        thread_ = QThread::create([this, owner, work = std::move(work), done = std::move(done), control = control_]() mutable {
            auto result = work(*control);
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
    std::shared_ptr<JobControl> control_;
};

}  // namespace clipdesk::ui
