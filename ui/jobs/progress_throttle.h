#pragma once
// Keeps a worker's progress signals to a rate the GUI thread can draw: a report passes when
// the stage changes, when it is the last of its stage, or 100 ms after the previous one.

#include "base/job_control.h"

#include <QElapsedTimer>
#include <QMetaObject>

#include <memory>

namespace clipdesk::ui {

class ProgressThrottle {
public:
    ProgressThrottle() { sinceLast_.start(); }

    bool pass(const JobProgress& p) {
        const bool last = p.total > 0 && p.done == p.total;
        if (!first_ && !last && p.stage == stage_ && sinceLast_.elapsed() < 100) return false;
        first_ = false;
        stage_ = p.stage;
        sinceLast_.restart();
        return true;
    }

private:
    QElapsedTimer sinceLast_;
    JobStage stage_ = JobStage::Loading;
    bool first_ = true;
};

// A JobControl listener (called on the worker thread) that emits `job`'s progress signal on the
// job's thread, throttled.
template <typename Job>
JobControl::ProgressListener throttledProgressSignal(Job* job, void (Job::*signal)(const JobProgress&)) {
    auto throttle = std::make_shared<ProgressThrottle>();
    return [job, signal, throttle](const JobProgress& p) {
        if (throttle->pass(p)) QMetaObject::invokeMethod(job, [job, signal, p] { (job->*signal)(p); }, Qt::QueuedConnection);
    };
}

}  // namespace clipdesk::ui
