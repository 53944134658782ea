#include "text/translatable_text.h"

#include <utility>

namespace clipdesk::ui {

TranslatableText::TranslatableText(QString verbatim) {
    if (!verbatim.isEmpty()) render_ = [text = std::move(verbatim)] { return text; };
}

TranslatableText TranslatableText::deferred(std::function<QString()> render) {
    TranslatableText text;
    text.render_ = std::move(render);
    return text;
}

QString TranslatableText::toString() const { return render_ ? render_() : QString(); }

TranslatableText operator+(const TranslatableText& a, const TranslatableText& b) {
    if (!a.render_) return b;
    if (!b.render_) return a;
    return TranslatableText::deferred([a, b] { return a.toString() + b.toString(); });
}

}  // namespace clipdesk::ui
