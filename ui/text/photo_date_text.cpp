#include "text/photo_date_text.h"

#include <QCoreApplication>
#include <QLocale>

namespace clipdesk::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("PhotoDateText", text); }

}  // namespace

QDateTime parseStoredDate(const QString& stored) {
    return QDateTime::fromString(stored.left(19), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString shortDateText(const QString& stored, bool fromFile) {
    const QDateTime date = parseStoredDate(stored);
    if (!date.isValid()) return {};
    const QString text = QLocale().toString(date.date(), QLocale::ShortFormat);
    return fromFile ? tr("%1 (file)").arg(text) : text;
}

QString longDateText(const QString& stored, const QString& offset, bool fromFile) {
    const QDateTime date = parseStoredDate(stored);
    if (!date.isValid()) return tr("Date unknown");
    const QLocale locale;
    const QString when = locale.toString(date.date(), QLocale::LongFormat) + QLatin1Char(' ') +
                         locale.toString(date.time(), QLocale::ShortFormat);
    if (fromFile) return tr("File modified %1 (the photo records no date)").arg(when);
    if (offset.isEmpty()) return tr("Taken %1").arg(when);
    return tr("Taken %1 (UTC%2)").arg(when, offset);
}

}  // namespace clipdesk::ui
