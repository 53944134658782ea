#include "library/library_database.h"

#include <chrono>
#include <cstring>

namespace clipdesk {
namespace {

std::int64_t nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Bounds of the paths strictly below `prefix`: [prefix + "/", prefix + "0"), '0' being '/' + 1.
std::pair<std::string, std::string> childRange(const std::string& prefix) {
    if (prefix == "/") return {"/", "0"};
    return {prefix + "/", prefix + "0"};
}

PhotoRecord readPhoto(const SqliteStatement& s) {
    PhotoRecord p;
    p.id = s.int64(0);
    p.folderId = s.int64(1);
    p.path = s.text(2);
    p.size = s.int64(3);
    p.mtimeNs = s.int64(4);
    if (!s.isNull(5)) p.fingerprint = s.int64(5);
    p.state = static_cast<PhotoState>(s.int64(6));
    return p;
}

constexpr const char* kPhotoColumns = "id, folder_id, path, size, mtime_ns, fingerprint, state";

}  // namespace

LibraryDatabase::LibraryDatabase(const std::filesystem::path& file, SqliteOpenMode mode) : db_(file.string(), mode) {
    prepareLibrarySchema(db_);
}

std::int64_t LibraryDatabase::currentModelId() const {
    auto s = db_.prepare("SELECT CAST(value AS INTEGER) FROM library_info WHERE key = 'model_id'");
    return s.step() ? s.int64(0) : 0;
}

std::optional<ModelIdentity> LibraryDatabase::currentModel() const {
    const std::int64_t id = currentModelId();
    const std::string damaged = "; the database is damaged: restore library.sqlite from a backup, or index the photos "
                                "into a new library";
    if (id == 0) {
        if (const auto stored = db_.queryInt("SELECT count(*) FROM embeddings"); stored > 0)
            throw std::runtime_error(path() + ": no model recorded for the library's " + std::to_string(stored) +
                                     " stored embeddings (library_info has no model_id)" + damaged);
        return std::nullopt;
    }
    auto s = db_.prepare(
        "SELECT identity, model_path, weights_path, weights_sha256, weights_size, weights_mtime_ns, name, embed_dim, "
        "image_size FROM models WHERE id = ?");
    s.bind(1, id);
    if (!s.step())
        throw std::runtime_error(path() + ": the record of the library's model is missing (library_info names model " +
                                 std::to_string(id) + ", which the models table does not hold)" + damaged);
    ModelIdentity m;
    m.identity = s.text(0);
    m.modelPath = s.text(1);
    m.weightsPath = s.text(2);
    m.weightsSha256 = s.text(3);
    m.weightsSize = s.int64(4);
    m.weightsMtimeNs = s.int64(5);
    m.name = s.text(6);
    m.embedDim = static_cast<int>(s.int64(7));
    m.imageSize = static_cast<int>(s.int64(8));
    return m;
}

int LibraryDatabase::currentEmbedDim() const {
    auto s = db_.prepare("SELECT embed_dim FROM models WHERE id = ?");
    s.bind(1, currentModelId());
    return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

bool LibraryDatabase::setCurrentModel(const ModelIdentity& model) {
    auto upsert = db_.prepare(
        "INSERT INTO models(identity, model_path, weights_path, weights_sha256, weights_size, weights_mtime_ns, name, "
        "embed_dim, image_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(identity) DO UPDATE SET model_path = excluded.model_path, weights_path = excluded.weights_path, "
        "weights_size = excluded.weights_size, weights_mtime_ns = excluded.weights_mtime_ns");
    upsert.bind(1, model.identity).bind(2, model.modelPath).bind(3, model.weightsPath).bind(4, model.weightsSha256);
    upsert.bind(5, model.weightsSize).bind(6, model.weightsMtimeNs).bind(7, model.name).bind(8, model.embedDim);
    upsert.bind(9, model.imageSize);
    upsert.run();
    auto find = db_.prepare("SELECT id FROM models WHERE identity = ?");
    find.bind(1, model.identity);
    find.step();
    const std::int64_t id = find.int64(0);
    if (id == currentModelId()) return false;

    auto set = db_.prepare("INSERT OR REPLACE INTO library_info(key, value) VALUES ('model_id', ?)");
    set.bind(1, std::to_string(id));
    set.run();
    auto stale = db_.prepare(
        "UPDATE photos SET state = 3 WHERE state = 1 AND id NOT IN (SELECT photo_id FROM embeddings WHERE model_id = ?)");
    stale.bind(1, id);
    stale.run();
    auto fresh = db_.prepare(
        "UPDATE photos SET state = 1 WHERE state = 3 AND id IN (SELECT photo_id FROM embeddings WHERE model_id = ?)");
    fresh.bind(1, id);
    fresh.run();
    return true;
}

std::vector<FolderRecord> LibraryDatabase::folders() const {
    std::vector<FolderRecord> out;
    auto s = db_.prepare("SELECT id, path, include_hidden FROM folders ORDER BY path");
    while (s.step()) out.push_back({s.int64(0), s.text(1), s.int64(2) != 0});
    return out;
}

std::int64_t LibraryDatabase::addFolder(const std::string& path, bool includeHidden) {
    auto s = db_.prepare("INSERT INTO folders(path, include_hidden, added_at) VALUES (?, ?, ?)");
    s.bind(1, path).bind(2, includeHidden ? 1 : 0).bind(3, nowSeconds());
    s.run();
    return db_.lastInsertRowId();
}

void LibraryDatabase::setIncludeHidden(std::int64_t folderId, bool includeHidden) {
    auto s = db_.prepare("UPDATE folders SET include_hidden = ? WHERE id = ?");
    s.bind(1, includeHidden ? 1 : 0).bind(2, folderId);
    s.run();
}

void LibraryDatabase::moveFolderContents(std::int64_t fromFolderId, std::int64_t toFolderId) {
    for (const char* table : {"photos", "scan_problems"}) {
        auto s = db_.prepare(std::string("UPDATE ") + table + " SET folder_id = ? WHERE folder_id = ?");
        s.bind(1, toFolderId).bind(2, fromFolderId);
        s.run();
    }
}

void LibraryDatabase::removeFolder(std::int64_t folderId) {
    // Cascades to photos, their embeddings and the folder's scan problems.
    auto s = db_.prepare("DELETE FROM folders WHERE id = ?");
    s.bind(1, folderId);
    s.run();
}

std::vector<PhotoRecord> LibraryDatabase::photosUnder(const std::string& prefix) const {
    const auto [low, high] = childRange(prefix);
    auto s = db_.prepare(std::string("SELECT ") + kPhotoColumns +
                         " FROM photos WHERE path = ? OR (path >= ? AND path < ?) ORDER BY path");
    s.bind(1, prefix).bind(2, low).bind(3, high);
    std::vector<PhotoRecord> out;
    while (s.step()) out.push_back(readPhoto(s));
    return out;
}

std::optional<PhotoRecord> LibraryDatabase::photoByPath(const std::string& path) const {
    auto s = db_.prepare(std::string("SELECT ") + kPhotoColumns + " FROM photos WHERE path = ?");
    s.bind(1, path);
    if (!s.step()) return std::nullopt;
    return readPhoto(s);
}

std::optional<std::string> LibraryDatabase::photoPath(std::int64_t id) const {
    auto s = db_.prepare("SELECT path FROM photos WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

std::int64_t LibraryDatabase::insertPhoto(std::int64_t folderId, const std::string& path, std::int64_t size,
                                          std::int64_t mtimeNs) {
    auto s = db_.prepare(
        "INSERT INTO photos(folder_id, path, size, mtime_ns, state, updated_at) VALUES (?, ?, ?, ?, 0, ?)");
    s.bind(1, folderId).bind(2, path).bind(3, size).bind(4, mtimeNs).bind(5, nowSeconds());
    s.run();
    return db_.lastInsertRowId();
}

void LibraryDatabase::movePhoto(std::int64_t id, std::int64_t folderId, const std::string& newPath, std::int64_t mtimeNs) {
    auto s = db_.prepare("UPDATE photos SET folder_id = ?, path = ?, mtime_ns = ?, updated_at = ? WHERE id = ?");
    s.bind(1, folderId).bind(2, newPath).bind(3, mtimeNs).bind(4, nowSeconds()).bind(5, id);
    s.run();
}

void LibraryDatabase::removePhoto(std::int64_t id) {
    auto s = db_.prepare("DELETE FROM photos WHERE id = ?");
    s.bind(1, id);
    s.run();
}

void LibraryDatabase::markIndexed(std::int64_t id, const EncodedPhoto& photo, const float* embedding, int embedDim,
                                  std::int64_t generation) {
    auto update = db_.prepare(
        "UPDATE photos SET size = ?, mtime_ns = ?, fingerprint = ?, width = ?, height = ?, taken_at = ?, state = 1, "
        "error = NULL, updated_at = ? WHERE id = ?");
    update.bind(1, photo.size).bind(2, photo.mtimeNs).bind(3, photo.fingerprint).bind(4, photo.width);
    update.bind(5, photo.height);
    if (photo.takenAt)
        update.bind(6, *photo.takenAt);
    else
        update.bindNull(6);
    update.bind(7, nowSeconds()).bind(8, id);
    update.run();
    auto store = db_.prepare(
        "INSERT OR REPLACE INTO embeddings(photo_id, model_id, vector, encoded_at, generation) VALUES (?, ?, ?, ?, ?)");
    const auto encodedAt = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
    store.bind(1, id).bind(2, currentModelId()).bindBlob(3, embedding, sizeof(float) * static_cast<std::size_t>(embedDim));
    store.bind(4, static_cast<std::int64_t>(encodedAt)).bind(5, generation);
    store.run();
}

void LibraryDatabase::markFailed(std::int64_t id, std::int64_t size, std::int64_t mtimeNs, const std::string& reason) {
    auto update = db_.prepare(
        "UPDATE photos SET size = ?, mtime_ns = ?, state = 2, error = ?, updated_at = ? WHERE id = ?");
    update.bind(1, size).bind(2, mtimeNs).bind(3, reason).bind(4, nowSeconds()).bind(5, id);
    update.run();
    auto drop = db_.prepare("DELETE FROM embeddings WHERE photo_id = ?");
    drop.bind(1, id);
    drop.run();
}

std::vector<std::int64_t> LibraryDatabase::indexedPhotoIds() const {
    std::vector<std::int64_t> ids;
    auto s = db_.prepare("SELECT id FROM photos WHERE state = 1 ORDER BY id");
    while (s.step()) ids.push_back(s.int64(0));
    return ids;
}

std::int64_t LibraryDatabase::indexedCount() const { return db_.queryInt("SELECT count(*) FROM photos WHERE state = 1"); }

std::vector<std::int64_t> LibraryDatabase::indexedPhotoIdsUnder(const std::string& prefix) const {
    const auto [low, high] = childRange(prefix);
    auto s = db_.prepare("SELECT id FROM photos WHERE state = 1 AND (path = ? OR (path >= ? AND path < ?)) ORDER BY id");
    s.bind(1, prefix).bind(2, low).bind(3, high);
    std::vector<std::int64_t> ids;
    while (s.step()) ids.push_back(s.int64(0));
    return ids;
}

std::vector<float> LibraryDatabase::embedding(std::int64_t photoId) const {
    std::vector<float> out;
    forEachEmbeddingOf({photoId}, [&](std::int64_t, const float* v) { out.assign(v, v + currentEmbedDim()); });
    return out;
}

void LibraryDatabase::forEachEmbedding(const std::function<void(std::int64_t, const float*)>& visit) const {
    const int dim = currentEmbedDim();
    auto s = db_.prepare(
        "SELECT e.photo_id, e.vector FROM embeddings e JOIN photos p ON p.id = e.photo_id "
        "WHERE p.state = 1 AND e.model_id = ? ORDER BY e.photo_id");
    s.bind(1, currentModelId());
    std::vector<float> row(static_cast<std::size_t>(dim));
    while (s.step()) {
        if (s.bytes(1) != row.size() * sizeof(float)) continue;  // see indexedPhotosWithoutEmbedding()
        std::memcpy(row.data(), s.blob(1), s.bytes(1));  // the blob pointer may be unaligned
        visit(s.int64(0), row.data());
    }
}

void LibraryDatabase::forEachEmbeddingOf(const std::vector<std::int64_t>& ids,
                                         const std::function<void(std::int64_t, const float*)>& visit) const {
    const int dim = currentEmbedDim();
    auto s = db_.prepare(
        "SELECT e.vector FROM embeddings e JOIN photos p ON p.id = e.photo_id "
        "WHERE e.photo_id = ? AND p.state = 1 AND e.model_id = ?");
    const std::int64_t model = currentModelId();
    std::vector<float> row(static_cast<std::size_t>(dim));
    for (std::int64_t id : ids) {
        s.bind(1, id).bind(2, model);
        if (s.step() && s.bytes(0) == row.size() * sizeof(float)) {
            std::memcpy(row.data(), s.blob(0), s.bytes(0));
            visit(id, row.data());
        }
        s.reset();
    }
}

void LibraryDatabase::replaceScanProblems(std::int64_t folderId, const std::string& scope,
                                          const std::vector<PathProblem>& problems) {
    const auto [low, high] = childRange(scope);
    auto clear = db_.prepare("DELETE FROM scan_problems WHERE path = ? OR (path >= ? AND path < ?)");
    clear.bind(1, scope).bind(2, low).bind(3, high);
    clear.run();
    auto insert = db_.prepare("INSERT OR REPLACE INTO scan_problems(path, folder_id, reason, seen_at) VALUES (?, ?, ?, ?)");
    for (const auto& p : problems) {
        insert.bind(1, p.path).bind(2, folderId).bind(3, p.reason).bind(4, nowSeconds());
        insert.run();
    }
}

std::vector<PathProblem> LibraryDatabase::scanProblems() const {
    std::vector<PathProblem> out;
    auto s = db_.prepare("SELECT path, reason FROM scan_problems ORDER BY path");
    while (s.step()) out.push_back({s.text(0), s.text(1)});
    return out;
}

std::vector<FolderStatus> LibraryDatabase::folderStatus() const {
    std::vector<FolderStatus> out;
    for (const auto& folder : folders()) out.push_back({folder, {}});
    auto s = db_.prepare("SELECT folder_id, state, count(*) FROM photos GROUP BY folder_id, state");
    while (s.step()) {
        for (auto& f : out) {
            if (f.folder.id != s.int64(0)) continue;
            const std::int64_t n = s.int64(2);
            switch (static_cast<PhotoState>(s.int64(1))) {
                case PhotoState::Pending: f.counts.pending = n; break;
                case PhotoState::Indexed: f.counts.indexed = n; break;
                case PhotoState::Failed: f.counts.failed = n; break;
                case PhotoState::Stale: f.counts.stale = n; break;
            }
        }
    }
    return out;
}

std::vector<PathProblem> LibraryDatabase::failedPhotos(std::int64_t limit) const {
    std::vector<PathProblem> out;
    auto s = db_.prepare("SELECT path, coalesce(error, '') FROM photos WHERE state = 2 ORDER BY path LIMIT ?");
    s.bind(1, limit);
    while (s.step()) out.push_back({s.text(0), s.text(1)});
    return out;
}

std::string LibraryDatabase::integrityCheck() const {
    std::string findings;
    auto s = db_.prepare("PRAGMA integrity_check");
    while (s.step()) findings += (findings.empty() ? "" : "; ") + s.text(0);
    return findings;
}

void LibraryDatabase::markPending(const std::vector<std::int64_t>& ids) {
    auto update = db_.prepare("UPDATE photos SET state = 0, error = NULL, updated_at = ? WHERE id = ?");
    auto drop = db_.prepare("DELETE FROM embeddings WHERE photo_id = ?");
    for (const auto id : ids) {
        update.bind(1, nowSeconds()).bind(2, id);
        update.run();
        drop.bind(1, id);
        drop.run();
    }
}

IndexStamp LibraryDatabase::indexStamp() const {
    IndexStamp stamp;
    stamp.library = db_.queryInt("SELECT CAST(value AS INTEGER) FROM library_info WHERE key = 'library_uid'");
    stamp.generation = db_.queryInt("SELECT CAST(value AS INTEGER) FROM library_info WHERE key = 'index_generation'");
    return stamp;
}

std::int64_t LibraryDatabase::raiseIndexGeneration() {
    db_.exec("UPDATE library_info SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'index_generation'");
    return indexStamp().generation;
}

std::vector<std::int64_t> LibraryDatabase::indexedPhotosWrittenAfter(std::int64_t generation) const {
    auto s = db_.prepare(
        "SELECT e.photo_id FROM embeddings e JOIN photos p ON p.id = e.photo_id "
        "WHERE p.state = 1 AND e.model_id = ? AND e.generation > ? ORDER BY e.photo_id");
    s.bind(1, currentModelId()).bind(2, generation);
    std::vector<std::int64_t> ids;
    while (s.step()) ids.push_back(s.int64(0));
    return ids;
}

void LibraryDatabase::restampEmbeddings(std::int64_t generation) {
    auto s = db_.prepare("UPDATE embeddings SET generation = ? WHERE model_id = ?");
    s.bind(1, generation).bind(2, currentModelId());
    s.run();
}

std::vector<std::int64_t> LibraryDatabase::indexedPhotosWithoutEmbedding() const {
    auto s = db_.prepare(
        "SELECT p.id FROM photos p LEFT JOIN embeddings e ON e.photo_id = p.id AND e.model_id = ? "
        "WHERE p.state = 1 AND (e.photo_id IS NULL OR length(e.vector) != ?) ORDER BY p.id");
    s.bind(1, currentModelId()).bind(2, std::int64_t{currentEmbedDim()} * static_cast<std::int64_t>(sizeof(float)));
    std::vector<std::int64_t> ids;
    while (s.step()) ids.push_back(s.int64(0));
    return ids;
}

}  // namespace clipdesk
