#pragma once
// A label that shows a TranslatableText and renders it again when the language changes, so
// a result or an error already on screen follows a switch to Chinese and back.

#include "text/translatable_text.h"

#include <QLabel>

namespace clipdesk::ui {

class MessageLabel : public QLabel {
    Q_OBJECT
public:
    explicit MessageLabel(QWidget* parent = nullptr) : QLabel(parent) {}

    void showMessage(const TranslatableText& message);
    void clearMessage() { showMessage({}); }
    const TranslatableText& message() const { return message_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    TranslatableText message_;
};

}  // namespace clipdesk::ui
