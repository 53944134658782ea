#pragma once
// Measures how long the GUI thread's event loop goes without running: a timer asks to tick
// every `intervalMs`; the longest gap between two ticks is the worst stall a user could
// have felt (a gap of about intervalMs means no stall).

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace clipdesk::ui {

class EventLoopMonitor : public QObject {
    Q_OBJECT
public:
    explicit EventLoopMonitor(int intervalMs = 5, QObject* parent = nullptr);

    void start();
    void stop();
    void reset();
    double maxGapMs() const { return maxGapMs_; }
    qint64 ticks() const { return ticks_; }
    // Gaps longer than this many ms are counted as stalls.
    qint64 gapsOver(double ms) const { return ms <= 50 ? over50_ : over100_; }

private:
    void onTick();

    QTimer timer_;
    QElapsedTimer clock_;
    qint64 lastNs_ = -1;
    double maxGapMs_ = 0;
    qint64 ticks_ = 0;
    qint64 over50_ = 0;
    qint64 over100_ = 0;
};

}  // namespace clipdesk::ui
