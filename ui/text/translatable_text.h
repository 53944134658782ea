#pragma once
// A message the window can show again in another language. Pages keep how a message is
// made (a function that calls tr() with the values it names), not the string it made, so a
// language switch re-renders messages already on screen. Text that is data rather than
// wording (a file error core wrote, a path) is kept verbatim.

#include <QMetaType>
#include <QString>

#include <functional>

namespace clipdesk::ui {

class TranslatableText {
public:
    TranslatableText() = default;
    // Verbatim text: shown as it is in every language.
    TranslatableText(QString verbatim);  // NOLINT(google-explicit-constructor): data is verbatim by default
    // Text made anew in the current language each time it is shown.
    static TranslatableText deferred(std::function<QString()> render);

    QString toString() const;
    bool isEmpty() const { return !render_ || toString().isEmpty(); }

    // Both parts keep their own rule: `a + b` re-renders a and b.
    friend TranslatableText operator+(const TranslatableText& a, const TranslatableText& b);

private:
    std::function<QString()> render_;
};

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::TranslatableText)

namespace clipdesk::ui {

// translatable([=] { return tr("Indexed %1 photos").arg(n); }): made again in each language.
template <class Render>
TranslatableText translatable(Render&& render) {
    return TranslatableText::deferred(std::function<QString()>(std::forward<Render>(render)));
}

}  // namespace clipdesk::ui
