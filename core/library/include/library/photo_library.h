#pragma once
// A photo library on disk: the database (source of truth) and the vector index built from
// it. Opening checks the index file against the database and repairs it from the stored
// embeddings: a missing, damaged or mismatched file is rebuilt, and one that an interrupted
// run left behind the database is caught up.
//
// PhotoLibrary is the only writer of the database and the vector index: it keeps the two in
// step (addFolders, recordScan, commit, removePhotos, forgetFolder, useModel), and tag rows are
// written through the TagStore it owns. Readers get the database, the index and the tags const.

#include "library/indexing_types.h"
#include "library/library_database.h"
#include "library/library_lock.h"
#include "library/library_paths.h"
#include "library/tag_store.h"
#include "library/vector_index.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace clipdesk {

// The library folder or database cannot be used; what() names the path.
class LibraryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct IndexCheck {
    bool idsMatch = true;
    std::int64_t vectorsChecked = 0;
    std::int64_t vectorsWrong = 0;
    std::string firstWrong;  // the path of the first photo whose vector is wrong
    bool ok() const { return idsMatch && vectorsWrong == 0; }
};

enum class LibraryAccess {
    // search and status: never waits; saves a repaired index only if no writer is active. A
    // library this process may not write is opened read-only (repairs last for the command).
    Read,
    Write,   // forget: holds the library's writer lock
    Create,  // index: as Write, creating the library if it does not exist
};

class PhotoLibrary {
public:
    // Throws LibraryError for a missing library (unless Create), a busy one (Write, Create:
    // another process is indexing it), one this process may not write (Write, Create; the
    // message names the folder or file) or a database that is not a library; SqliteError for
    // a damaged database.
    // `databaseOpened`, when given, is called between opening the database and loading the
    // vector index (which takes a while at a large library), so that work needing only the
    // records (the model the library was indexed with) can start on another thread meanwhile.
    static std::unique_ptr<PhotoLibrary> open(const std::filesystem::path& dir, LibraryAccess access,
                                              const VectorIndexParams& params = {},
                                              const std::function<void(const LibraryDatabase&)>& databaseOpened = {});
    // The records only, without loading the vector index (tag review and tag edits): index()
    // is nullptr, and the calls that change photos or the index throw std::logic_error.
    static std::unique_ptr<PhotoLibrary> openRecords(const std::filesystem::path& dir, LibraryAccess access);

    const LibraryFiles& files() const { return files_; }
    // Opened for reading a library this process may not write: nothing is written, not even
    // repairs. readOnlyReason() names the file ("PATH: Permission denied"); empty otherwise.
    bool readOnly() const { return !readOnlyReason_.empty(); }
    const std::string& readOnlyReason() const { return readOnlyReason_; }
    const LibraryDatabase& database() const { return *database_; }
    TagStore& tags() { return *tags_; }
    const TagStore& tags() const { return *tags_; }
    // The vector index of the current model's embeddings; nullptr before the first index run.
    const VectorIndex* index() const { return index_ ? &*index_ : nullptr; }
    const VectorIndexParams& indexParams() const { return params_; }
    // What opening found wrong with the index and repaired, as one line; empty if nothing. The
    // index file records the library and the generation of the records it was saved from: a
    // file left behind by a crash or a full disk is caught up with the embeddings written
    // since, another library's file or an unstamped one is rebuilt, and indexed photos whose
    // embedding is damaged or missing are set to be encoded again.
    const std::string& repairNotice() const { return repairNotice_; }
    // Checks the index against the stored embeddings: the ids in full, and the vectors of up to
    // `sample` photos (spread over the library), each of which must find itself at its own
    // score. For `status --check`.
    IndexCheck checkIndex(std::int64_t sample = 256) const;

    // Makes `model` the library's model. When it differs from the current one, every indexed
    // photo becomes stale and the index starts empty. Returns true on a change.
    bool useModel(const ModelIdentity& model);
    // The folders an index run scans. With none given, every folder of the library. A given
    // folder inside one the library has is scanned as part of it; library folders inside a
    // new one are merged into it.
    std::vector<ScanScope> addFolders(const std::vector<std::string>& folders, bool includeHidden);
    // Records what a scan found (moves, new Pending photos, unreadable paths) in one
    // transaction; returns the ids of `scan.added`, in order.
    std::vector<std::int64_t> recordScan(const ScanRecord& scan);
    // Stores a batch of an index run: embeddings and states in one transaction, then the
    // vector index (saved to disk at most every tenth of the time since the last save, and
    // by saveIndex()). A killed process loses at most this batch; the next open catches up.
    void commit(const EncodedBatch& batch);
    // Drops photos (gone from disk) with their embeddings, from the database and the index.
    void removePhotos(const std::vector<std::int64_t>& photoIds);
    // Rebuilds the index from the stored embeddings.
    void rebuildIndex();
    // Rebuilds when the index kind or its lists no longer suit the number of photos.
    bool rebuildIndexIfOutgrown();
    void saveIndex();
    // Hides photos from searches and duplicate groups, or shows them again (one transaction).
    void setHidden(const std::vector<std::int64_t>& photoIds, bool hidden);
    // Remembers the near-duplicate distance chosen for the library's current model.
    void setDuplicateMaxDistance(double maxDistance);
    // Drops a folder of the library with its photos and their embeddings; returns how many
    // photos it held. Throws LibraryError if `folder` is not one of the library's folders.
    std::int64_t forgetFolder(const std::string& folder);

private:
    PhotoLibrary() = default;
    static std::unique_ptr<PhotoLibrary> openFiles(const std::filesystem::path& dir, LibraryAccess access,
                                                   const VectorIndexParams& params);
    void requireIndex(const char* operation) const;
    void loadIndex(bool mayWrite);
    std::string requeuePhotos(const std::vector<std::int64_t>& ids, bool mayWrite);
    std::string catchUpIndex(std::int64_t savedGeneration);

    LibraryFiles files_;
    VectorIndexParams params_;
    LibraryLock writerLock_;
    std::unique_ptr<LibraryDatabase> database_;
    std::unique_ptr<TagStore> tags_;
    bool recordsOnly_ = false;
    std::string readOnlyReason_;
    std::optional<VectorIndex> index_;
    std::int64_t indexGeneration_ = 0;  // the records' generation the in-memory index holds
    std::string repairNotice_;
    double lastSaveSeconds_ = 0;
    std::chrono::steady_clock::time_point lastSave_ = std::chrono::steady_clock::now();
};

}  // namespace clipdesk
