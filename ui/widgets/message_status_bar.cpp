#include "widgets/message_status_bar.h"

#include <QEvent>

namespace clipdesk::ui {

void MessageStatusBar::showMessage(const TranslatableText& message, int timeoutMs) {
    message_ = message;
    shown_ = message_.toString();
    deadline_ = timeoutMs > 0 ? QDeadlineTimer(timeoutMs) : QDeadlineTimer(QDeadlineTimer::Forever);
    QStatusBar::showMessage(shown_, timeoutMs);
}

void MessageStatusBar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange && !shown_.isEmpty() && currentMessage() == shown_ &&
        !deadline_.hasExpired()) {
        const qint64 left = deadline_.isForever() ? 0 : std::max<qint64>(1, deadline_.remainingTime());
        showMessage(message_, int(left));
    }
    QStatusBar::changeEvent(event);
}

}  // namespace clipdesk::ui
