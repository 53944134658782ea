#include "widgets/message_label.h"

#include <QEvent>

namespace clipdesk::ui {

void MessageLabel::showMessage(const TranslatableText& message) {
    message_ = message;
    setText(message_.toString());
}

void MessageLabel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) setText(message_.toString());
    QLabel::changeEvent(event);
}

}  // namespace clipdesk::ui
