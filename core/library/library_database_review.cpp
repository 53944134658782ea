// LibraryDatabase: what the near-duplicate review reads and writes (hidden flags, photo
// details, the duplicate distance per model). Schema version 5.

#include "library/library_database.h"

#include <algorithm>

#include <stdexcept>

namespace clipdesk {

bool LibraryDatabase::hasHiddenFlags() const {
    return db_.queryInt("PRAGMA user_version") >= kHiddenPhotosSchemaVersion;
}

void LibraryDatabase::setHidden(const std::vector<std::int64_t>& photoIds, bool hidden) {
    if (!hasHiddenFlags()) throw std::runtime_error(path() + ": this library's schema has no hidden flag (index it once to upgrade)");
    auto s = db_.prepare("UPDATE photos SET hidden = ? WHERE id = ?");
    for (const auto id : photoIds) {
        s.bind(1, hidden ? 1 : 0).bind(2, id);
        s.run();
    }
}

std::vector<std::int64_t> LibraryDatabase::hiddenPhotoIds() const {
    std::vector<std::int64_t> ids;
    if (!hasHiddenFlags()) return ids;
    // Sorted here: "ORDER BY id" made SQLite scan every photo by rowid (7 ms a query at 100k
    // photos) instead of reading the partial index of hidden ones.
    auto s = db_.prepare("SELECT id FROM photos WHERE hidden <> 0");
    while (s.step()) ids.push_back(s.int64(0));
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<PhotoDetails> LibraryDatabase::photoDetails(const std::vector<std::int64_t>& photoIds) const {
    const bool flags = hasHiddenFlags();
    auto s = db_.prepare(std::string("SELECT p.path, f.path, p.size, p.width, p.height, p.taken_at, ") +
                         (flags ? "p.hidden" : "0") + " FROM photos p JOIN folders f ON f.id = p.folder_id WHERE p.id = ?");
    std::vector<PhotoDetails> out;
    for (const auto id : photoIds) {
        s.bind(1, id);
        if (s.step()) {
            PhotoDetails d;
            d.id = id;
            d.path = s.text(0);
            d.folder = s.text(1);
            d.fileSize = s.int64(2);
            d.width = s.isNull(3) ? 0 : static_cast<int>(s.int64(3));
            d.height = s.isNull(4) ? 0 : static_cast<int>(s.int64(4));
            if (!s.isNull(5)) d.takenAt = s.text(5);
            d.hidden = s.int64(6) != 0;
            out.push_back(std::move(d));
        }
        s.reset();
    }
    return out;
}

std::optional<double> LibraryDatabase::duplicateMaxDistance(std::int64_t modelId) const {
    if (!hasHiddenFlags()) return std::nullopt;
    auto s = db_.prepare("SELECT max_distance FROM duplicate_settings WHERE model_id = ?");
    s.bind(1, modelId);
    if (!s.step()) return std::nullopt;
    return s.real(0);
}

void LibraryDatabase::setDuplicateMaxDistance(std::int64_t modelId, double maxDistance) {
    if (!hasHiddenFlags()) throw std::runtime_error(path() + ": this library's schema has no duplicate settings (index it once to upgrade)");
    auto s = db_.prepare("INSERT INTO duplicate_settings(model_id, max_distance) VALUES (?, ?) "
                         "ON CONFLICT(model_id) DO UPDATE SET max_distance = excluded.max_distance");
    s.bind(1, modelId).bind(2, maxDistance);
    s.run();
}

}  // namespace clipdesk
