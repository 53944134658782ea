#pragma once
// The notes above the Search page's query field: which model the searches use (the one the
// library was indexed with), what to do when Settings name another, the demo model's limits,
// and what is missing before a search can find anything. Rich text, translated.

#include "services/library_overview.h"

#include <QStringList>

namespace clipdesk::ui {

class AppSettings;

// True when the two model locations (folders or weights files) name the same model.
bool sameModelLocation(const QString& a, const QString& b);

QStringList searchNotices(const AppSettings& settings, const LibraryOverview& overview);

}  // namespace clipdesk::ui
