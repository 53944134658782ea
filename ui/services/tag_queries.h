#pragma once
// The library's tags as the Tags and Search pages show them, and the user's decisions. Each
// call opens the library database, so run it off the GUI thread (QtConcurrent).

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace clipdesk::ui {

struct TaggedPhoto {
    enum Decision { Undecided = 0, Accepted = 1, Rejected = 2 };
    qint64 photoId = 0;
    QString path;
    QString tag;
    double score = -2;    // -2: none (manual tags)
    QString source;       // "zero-shot", "few-shot", "manual"
    int decision = Undecided;
};

struct TagCount {
    QString tag;
    qint64 photos = 0;    // photos carrying the tag (rejected ones not counted)
    qint64 rejected = 0;
};

struct TagOverview {
    QList<TagCount> tags;        // by tag name
    QList<TaggedPhoto> rows;     // every tag row in scope, rejected ones included
    qint64 indexedPhotos = 0;    // indexed photos in scope
    QString error;
};

// Tags of photos in `folders` (all when empty).
TagOverview readTagOverview(const QString& libraryDir, const QStringList& folders);

// Accept or reject `tag` on photos (TagStore::decide, one transaction). Returns an error
// message, or an empty string.
QString decideTag(const QString& libraryDir, const QList<qint64>& photoIds, const QString& tag, int decision);

// The tags of one photo (rejected left out), best first; empty when it has none or on error.
QStringList photoTagNames(const QString& libraryDir, const QString& path);

// Every tag of the library (rejected rows left out), sorted.
QStringList libraryTagNames(const QString& libraryDir);

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::TagOverview)
