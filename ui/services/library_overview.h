#pragma once
// What the Library page shows about a library: its model, folders with per-state counts,
// and failed photos with their reasons. Read from the library's database; call it off the
// GUI thread (opening may repair the vector index).

#include "library/path_problem.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <vector>

namespace clipdesk::ui {

struct FolderSummary {
    QString path;
    qint64 pending = 0;
    qint64 indexed = 0;
    qint64 failed = 0;
    qint64 stale = 0;
    bool beingAdded = false;  // listed while its first index run goes on (not in the database yet)
    qint64 total() const { return pending + indexed + failed + stale; }
};

struct LibraryOverview {
    QString dir;
    bool exists = false;     // false until the first folder is added
    QString modelPath;       // the model the library was indexed with; empty before the first run
    QString modelName;
    qint64 indexedCount = 0;
    QList<FolderSummary> folders;
    std::vector<PathProblem> failures;
    QString notice;          // an index repair reported when opening
    QString error;           // the library could not be read
};

LibraryOverview readLibraryOverview(const QString& libraryDir, int maxFailures = 2000);

// Drops `folder` and its photos from the library (files are not touched). Returns an error
// message, or an empty string on success.
QString forgetLibraryFolder(const QString& libraryDir, const QString& folder);

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::LibraryOverview)
