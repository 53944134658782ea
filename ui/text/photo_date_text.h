#pragma once
// How the window writes when a photo was taken: short on tiles, in full in tooltips and the
// preview, and always saying when the date is only the file's modification time.

#include <QDateTime>
#include <QString>

namespace clipdesk::ui {

// "YYYY-MM-DD HH:MM:SS" (as the library stores it) → a local date-time; invalid when empty.
QDateTime parseStoredDate(const QString& stored);
// The tile's date: the locale's short date, "(file)" after a file time; empty when unknown.
QString shortDateText(const QString& stored, bool fromFile);
// "Taken 17 May 2024 14:30:05 (UTC+02:00)" or "File modified … (the photo records no date)".
QString longDateText(const QString& stored, const QString& offset, bool fromFile);

}  // namespace clipdesk::ui
