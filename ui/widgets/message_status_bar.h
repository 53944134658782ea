#pragma once
// The window's status bar for TranslatableText messages: a message still showing when the
// language changes is shown again in the new language for the rest of its time.

#include "text/translatable_text.h"

#include <QDeadlineTimer>
#include <QStatusBar>

namespace clipdesk::ui {

class MessageStatusBar : public QStatusBar {
    Q_OBJECT
public:
    explicit MessageStatusBar(QWidget* parent = nullptr) : QStatusBar(parent) {}

    // timeoutMs 0: until the next message.
    void showMessage(const TranslatableText& message, int timeoutMs = 0);

protected:
    void changeEvent(QEvent* event) override;

private:
    TranslatableText message_;
    QString shown_;  // what message_ rendered to; another text on the bar means it is gone
    QDeadlineTimer deadline_;
};

}  // namespace clipdesk::ui
