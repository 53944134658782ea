#pragma once
// The library's records in SQLite: folders, photos (metadata and state), one embedding per
// photo, the models that produced them, and the folders a scan could not read. The database
// is the source of truth; the vector index can always be rebuilt from it. Callers group
// calls into transactions with SqliteTransaction(connection()).

#include "library/library_schema.h"
#include "library/photo_dates.h"
#include "library/model_identity.h"
#include "library/path_problem.h"
#include "library/sqlite_connection.h"
#include "library/vector_index.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace clipdesk {

struct FolderRecord {
    std::int64_t id = 0;
    std::string path;
    bool includeHidden = false;
};

struct PhotoRecord {
    std::int64_t id = 0;
    std::int64_t folderId = 0;
    std::string path;
    std::int64_t size = 0;
    std::int64_t mtimeNs = 0;
    std::optional<std::int64_t> fingerprint;
    PhotoState state = PhotoState::Pending;
};

// What encoding a photo found out about it.
struct EncodedPhoto {
    std::int64_t size = 0;
    std::int64_t mtimeNs = 0;
    std::int64_t fingerprint = 0;
    int width = 0;   // full size, EXIF orientation applied
    int height = 0;
    std::optional<std::string> takenAt;  // "YYYY-MM-DD HH:MM:SS[+HH:MM]" from the metadata (photo_dates.h)
};

// What a review shows of a photo (near-duplicates): its file, folder, size and date.
struct PhotoDetails {
    std::int64_t id = 0;
    std::string path;
    std::string folder;                  // the library folder holding it
    std::int64_t fileSize = 0;
    int width = 0;                       // 0 when unknown
    int height = 0;
    std::optional<std::string> takenAt;  // as stored ("YYYY-MM-DD HH:MM:SS")
    bool hidden = false;
};

struct StateCounts {
    std::int64_t pending = 0;
    std::int64_t indexed = 0;
    std::int64_t failed = 0;
    std::int64_t stale = 0;
    std::int64_t total() const { return pending + indexed + failed + stale; }
};

struct FolderStatus {
    FolderRecord folder;
    StateCounts counts;
};

class LibraryDatabase {
public:
    // Opens the database (creating it when `create`) and brings its schema up to date.
    LibraryDatabase(const std::filesystem::path& file, SqliteOpenMode mode);
    LibraryDatabase(const std::filesystem::path& file, bool create)
        : LibraryDatabase(file, create ? SqliteOpenMode::Create : SqliteOpenMode::ReadWrite) {}

    SqliteConnection& connection() { return db_; }
    const std::string& path() const { return db_.path(); }
    bool readOnly() const { return db_.readOnly(); }

    // The model whose embeddings the library searches; nullopt before the first index run.
    // Throws std::runtime_error naming the database when its model record is missing (a
    // damaged database: never silently a library without a model, indexed again with another).
    std::optional<ModelIdentity> currentModel() const;
    // The current model's row id in the models table; 0 before the first index run.
    std::int64_t currentModelId() const;
    // Makes `model` the current model (updating where its files are). Photos whose embedding
    // came from another model become Stale; ones that have an embedding from this model become
    // Indexed again. Returns true when the current model changed.
    bool setCurrentModel(const ModelIdentity& model);

    std::vector<FolderRecord> folders() const;
    std::int64_t addFolder(const std::string& path, bool includeHidden);
    void setIncludeHidden(std::int64_t folderId, bool includeHidden);
    void moveFolderContents(std::int64_t fromFolderId, std::int64_t toFolderId);
    // Removes the folder with its photos, embeddings and scan problems.
    void removeFolder(std::int64_t folderId);

    // Photos whose path is `prefix` or lies below it, ordered by path.
    std::vector<PhotoRecord> photosUnder(const std::string& prefix) const;
    std::optional<PhotoRecord> photoByPath(const std::string& path) const;
    std::optional<std::string> photoPath(std::int64_t id) const;
    // A new Pending photo; returns its id.
    std::int64_t insertPhoto(std::int64_t folderId, const std::string& path, std::int64_t size, std::int64_t mtimeNs);
    void movePhoto(std::int64_t id, std::int64_t folderId, const std::string& newPath, std::int64_t mtimeNs);
    void removePhoto(std::int64_t id);
    // Stores the embedding (embedDim floats, current model) and marks the photo Indexed;
    // `generation` is the write's index generation (raiseIndexGeneration).
    void markIndexed(std::int64_t id, const EncodedPhoto& photo, const float* embedding, int embedDim,
                     std::int64_t generation = 0);
    // Marks the photo Failed with the reason and drops its embedding, which no longer
    // describes the file.
    void markFailed(std::int64_t id, std::int64_t size, std::int64_t mtimeNs, const std::string& reason);

    // Sets Indexed or Failed photos back to Pending (the next index run encodes them) and drops
    // their embeddings.
    void markPending(const std::vector<std::int64_t>& ids);

    // What the vector index must have been saved from: this library's id and the generation of
    // its indexed embeddings. Every change of them raises the generation, in its transaction.
    IndexStamp indexStamp() const;
    std::int64_t raiseIndexGeneration();
    // Indexed photos whose embedding was written after `generation`, ascending.
    std::vector<std::int64_t> indexedPhotosWrittenAfter(std::int64_t generation) const;
    // Records `generation` on every embedding of the current model (after a model change).
    void restampEmbeddings(std::int64_t generation);
    // Indexed photos of the current model without a usable embedding (none, or not embedDim
    // floats), ascending: a damaged or hand-edited database.
    std::vector<std::int64_t> indexedPhotosWithoutEmbedding() const;

    // Ids of the Indexed photos, ascending: exactly the ids the vector index must hold.
    std::vector<std::int64_t> indexedPhotoIds() const;
    std::int64_t indexedCount() const;
    // Indexed photos whose path is `prefix` or lies below it.
    std::vector<std::int64_t> indexedPhotoIdsUnder(const std::string& prefix) const;
    // Indexed photos taken in `range` (photo_dates.h: the metadata's date, else the file's
    // time), ascending.
    std::vector<std::int64_t> indexedPhotoIdsTaken(const DateRange& range) const;
    // The first `limit` (all when negative) Indexed photos in `order` (NewestFirst for
    // Score); ties by path.
    std::vector<std::int64_t> indexedPhotoIdsInOrder(ResultOrder order, std::int64_t limit = -1) const;
    // The dates of the given photos, in the same order (empty `local` for an unknown id).
    std::vector<PhotoDate> photoDates(const std::vector<std::int64_t>& ids) const;
    // The stored embedding of an Indexed photo; empty if it has none.
    std::vector<float> embedding(std::int64_t photoId) const;
    // Visits every Indexed photo's usable embedding, in id order (streamed; nothing is held).
    void forEachEmbedding(const std::function<void(std::int64_t id, const float* vector)>& visit) const;
    // Visits the embeddings of the given photos that are Indexed.
    void forEachEmbeddingOf(const std::vector<std::int64_t>& ids,
                            const std::function<void(std::int64_t id, const float* vector)>& visit) const;

    // Photos hidden from results (near-duplicate review); a hidden photo stays indexed, and
    // searches and duplicate groups skip it. Read-only libraries older than
    // kHiddenPhotosSchemaVersion have no hidden photos.
    void setHidden(const std::vector<std::int64_t>& photoIds, bool hidden);
    std::vector<std::int64_t> hiddenPhotoIds() const;  // ascending
    // The photos among `photoIds` that exist, in the order given.
    std::vector<PhotoDetails> photoDetails(const std::vector<std::int64_t>& photoIds) const;
    // The near-duplicate distance chosen for a model; nullopt when none was.
    std::optional<double> duplicateMaxDistance(std::int64_t modelId) const;
    void setDuplicateMaxDistance(std::int64_t modelId, double maxDistance);

    // Replaces the scan problems recorded below `scope` (within the folder) by `problems`.
    void replaceScanProblems(std::int64_t folderId, const std::string& scope, const std::vector<PathProblem>& problems);
    std::vector<PathProblem> scanProblems() const;

    std::vector<FolderStatus> folderStatus() const;
    // Failed photos with their reasons, by path; at most `limit`.
    std::vector<PathProblem> failedPhotos(std::int64_t limit) const;
    // SQLite's integrity check: "ok", or its findings joined by "; ".
    std::string integrityCheck() const;

private:
    int currentEmbedDim() const;
    bool hasHiddenFlags() const;

    // Reads prepare statements too: the connection is a handle, not the library's state.
    mutable SqliteConnection db_;
};

}  // namespace clipdesk
