#pragma once
// Waits for a window job to finish a run of one kind (other runs, e.g. a threshold preview,
// may finish in between): the outcome, or one whose error says the wait timed out.

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QString>

namespace clipdesk::test {

template <typename Job, typename Outcome, typename Kind>
Outcome waitForOutcome(Job* job, void (Job::*finished)(const Outcome&), Kind kind, int timeoutMs, const char* what) {
    QSignalSpy spy(job, finished);
    QElapsedTimer timer;
    timer.start();
    int seen = 0;
    while (timer.elapsed() < timeoutMs) {
        if (spy.count() <= seen) spy.wait(1000);
        while (seen < spy.count()) {
            const auto outcome = spy.at(seen++).at(0).template value<Outcome>();
            if (outcome.kind == kind) return outcome;
        }
    }
    Outcome timedOut;
    timedOut.error = QStringLiteral("timed out waiting for the %1 job").arg(QLatin1String(what));
    return timedOut;
}

}  // namespace clipdesk::test
