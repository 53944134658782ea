#pragma once
// The notes above the Search page's query field: which model the searches use (the one the
// library was indexed with), what to do when Settings name another, the demo model's limits,
// that the model does not read the window's language (a Chinese window, an English-only
// model), and what is missing before a search can find anything. Rich text, translated.

#include "services/library_overview.h"

#include "application/query_languages.h"

#include <QStringList>

namespace clipdesk::ui {

class AppSettings;

// True when the two model locations (folders or weights files) name the same model.
bool sameModelLocation(const QString& a, const QString& b);

// Whether the window's language (Settings' language, "" = the system's) is one the model at
// `modelPath` does not read queries in.
QueryLanguageAdvice queryLanguageAdvice(const AppSettings& settings, const QString& modelPath);

QStringList searchNotices(const AppSettings& settings, const LibraryOverview& overview);

}  // namespace clipdesk::ui
