#include "services/tag_queries.h"

#include "library/library_paths.h"
#include "library/photo_library.h"
#include "tagging/library_embeddings.h"

#include <QCoreApplication>
#include <QMap>

#include <filesystem>
#include <memory>

namespace clipdesk::ui {
namespace {

// The library's records (tags and photos; no vector index), or nullptr when the library does
// not exist yet.
std::unique_ptr<PhotoLibrary> openLibrary(const QString& libraryDir) {
    const std::filesystem::path dir(libraryDir.toStdString());
    std::error_code ec;
    if (!std::filesystem::exists(libraryFiles(dir).database, ec)) return nullptr;
    return PhotoLibrary::openRecords(dir, LibraryAccess::Read);
}

std::vector<std::string> prefixesOf(const QStringList& folders) {
    std::vector<std::string> out;
    for (const auto& f : folders) out.push_back(normalisedPath(f.toStdString()));
    return out;
}

}  // namespace

TagOverview readTagOverview(const QString& libraryDir, const QStringList& folders) {
    TagOverview overview;
    try {
        const auto library = openLibrary(libraryDir);
        if (!library) return overview;
        const auto prefixes = prefixesOf(folders);
        overview.indexedPhotos = static_cast<qint64>(indexedPhotosIn(library->database(), prefixes).size());
        const auto records = library->tags().tagsIn(prefixes, true);
        QMap<QString, TagCount> counts;
        for (const auto& r : records) {
            TaggedPhoto row;
            row.photoId = r.photoId;
            row.path = QString::fromStdString(r.path);
            row.tag = QString::fromStdString(r.tag);
            row.score = r.score.value_or(-2);
            row.source = QString::fromLatin1(tagSourceName(r.source));
            row.decision = static_cast<int>(r.decision);
            auto& count = counts[row.tag];
            count.tag = row.tag;
            if (r.decision == TagDecision::Rejected) ++count.rejected;
            else ++count.photos;
            overview.rows.push_back(row);
        }
        overview.tags = counts.values();
    } catch (const std::exception& e) {
        overview.error = QString::fromStdString(e.what());
    }
    return overview;
}

QString decideTag(const QString& libraryDir, const QList<qint64>& photoIds, const QString& tag, int decision) {
    try {
        const auto library = openLibrary(libraryDir);
        if (!library) return QCoreApplication::translate("TagQueries", "%1: no library there").arg(libraryDir);
        library->tags().decideAll({photoIds.begin(), photoIds.end()}, tag.toStdString(), static_cast<TagDecision>(decision));
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

QStringList photoTagNames(const QString& libraryDir, const QString& path) {
    QStringList out;
    try {
        const auto library = openLibrary(libraryDir);
        if (!library) return out;
        // tagsUnder(photo) lists the photo itself (a photo path is its own prefix).
        for (const auto& r : library->tags().tagsUnder(normalisedPath(path.toStdString()), false))
            if (QString::fromStdString(r.path) == QString::fromStdString(normalisedPath(path.toStdString())))
                out << QString::fromStdString(r.tag);
    } catch (const std::exception&) {
    }
    return out;
}

QStringList libraryTagNames(const QString& libraryDir) {
    QStringList out;
    try {
        const auto library = openLibrary(libraryDir);
        if (!library) return out;
        for (const auto& t : library->tags().tagNames()) out << QString::fromStdString(t);
    } catch (const std::exception&) {
    }
    return out;
}

}  // namespace clipdesk::ui
