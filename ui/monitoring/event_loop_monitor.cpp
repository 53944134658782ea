#include "monitoring/event_loop_monitor.h"

namespace clipdesk::ui {

EventLoopMonitor::EventLoopMonitor(int intervalMs, QObject* parent) : QObject(parent) {
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(intervalMs);
    connect(&timer_, &QTimer::timeout, this, &EventLoopMonitor::onTick);
}

void EventLoopMonitor::start() {
    reset();
    clock_.start();
    timer_.start();
}

void EventLoopMonitor::stop() { timer_.stop(); }

void EventLoopMonitor::reset() {
    lastNs_ = -1;
    maxGapMs_ = 0;
    ticks_ = 0;
    over50_ = 0;
    over100_ = 0;
}

void EventLoopMonitor::onTick() {
    const qint64 now = clock_.nsecsElapsed();
    if (lastNs_ >= 0) {
        const double gap = (now - lastNs_) / 1e6;
        maxGapMs_ = std::max(maxGapMs_, gap);
        if (gap > 50) ++over50_;
        if (gap > 100) ++over100_;
    }
    lastNs_ = now;
    ++ticks_;
}

}  // namespace clipdesk::ui
