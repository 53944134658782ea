#include "library/photo_library.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace clipdesk {

std::unique_ptr<PhotoLibrary> PhotoLibrary::open(const std::filesystem::path& dir, LibraryAccess access,
                                                 const VectorIndexParams& params,
                                                 const std::function<void(const LibraryDatabase&)>& databaseOpened) {
    auto library = openFiles(dir, access, params);
    if (databaseOpened) databaseOpened(*library->database_);
    library->loadIndex(access != LibraryAccess::Read);
    return library;
}

std::unique_ptr<PhotoLibrary> PhotoLibrary::openRecords(const std::filesystem::path& dir, LibraryAccess access) {
    auto library = openFiles(dir, access, {});
    library->recordsOnly_ = true;
    return library;
}

void PhotoLibrary::requireIndex(const char* operation) const {
    if (recordsOnly_) throw std::logic_error(std::string("PhotoLibrary::") + operation + " on a library opened without its index");
}

std::unique_ptr<PhotoLibrary> PhotoLibrary::openFiles(const std::filesystem::path& dir, LibraryAccess access,
                                                      const VectorIndexParams& params) {
    std::unique_ptr<PhotoLibrary> library(new PhotoLibrary());
    library->files_ = libraryFiles(dir);
    library->params_ = params;
    const auto& files = library->files_;
    std::error_code ec;
    const bool write = access != LibraryAccess::Read;
    std::string remains;
    const auto databaseState = inspectDatabaseFile(files, &remains);
    if (databaseState == DatabaseFileState::Damaged)
        throw LibraryError(files.database.string() + ": " +
                           (std::filesystem::exists(files.database, ec) ? "empty (0 bytes)" : "missing") + " beside " +
                           remains + ": the library is damaged and is not re-created; restore library.sqlite from "
                           "a backup, or delete the folder to start a new library");
    if (databaseState == DatabaseFileState::NotYet) {
        if (access != LibraryAccess::Create) {
            if (!std::filesystem::exists(dir, ec))
                throw LibraryError(dir.string() + ": no such library (index some photos into it first)");
            throw LibraryError(dir.string() + ": not a Clipdesk library (" +
                               (std::filesystem::exists(files.database, ec) ? "its library.sqlite is empty"
                                                                            : "no library.sqlite in it") +
                               ")");
        }
        std::filesystem::create_directories(dir, ec);
        if (ec) throw LibraryError(dir.string() + ": cannot create the library folder: " + ec.message());
    }
    if (const auto unwritable = unwritableLibraryFile(files); !unwritable.empty()) {
        if (write)
            throw LibraryError(unwritable + ": the library is read-only for this user; this command changes it and "
                                            "needs write access (reading commands such as search and status work)");
        library->readOnlyReason_ = unwritable;
    }
    if (write) {
        library->writerLock_ = LibraryLock::tryAcquire(files.lock);
        if (!library->writerLock_.locked())
            throw LibraryError(dir.string() + ": another Clipdesk process is indexing this library; try again when it "
                                              "has finished");
    }
    const auto mode = library->readOnly() ? SqliteOpenMode::ReadOnly
                      : access == LibraryAccess::Create ? SqliteOpenMode::Create
                                                        : SqliteOpenMode::ReadWrite;
    library->database_ = std::make_unique<LibraryDatabase>(files.database, mode);
    library->tags_.reset(new TagStore(*library->database_));
    return library;
}

void PhotoLibrary::loadIndex(bool mayWrite) {
    const auto model = database_->currentModel();
    if (!model) return;
    std::vector<std::string> notices;
    if (const auto unusable = database_->indexedPhotosWithoutEmbedding(); !unusable.empty())
        notices.push_back(requeuePhotos(unusable, mayWrite));
    const IndexStamp records = database_->indexStamp();
    const std::string file = files_.vectorIndex.string();
    std::string problem;
    std::error_code ec;
    if (!std::filesystem::exists(files_.vectorIndex, ec)) {
        if (database_->indexedCount() > 0) problem = file + ": missing";
    } else {
        try {
            index_ = VectorIndex::load(files_.vectorIndex, params_);
            const auto& saved = index_->loadedStamp();
            if (index_->dim() != model->embedDim)
                problem = file + ": holds " + std::to_string(index_->dim()) + "-dimensional vectors but the model's are " +
                          std::to_string(model->embedDim) + "-dimensional";
            else if (!saved)
                problem = file + ": saved by an earlier Clipdesk, which did not record what it was built from";
            else if (saved->library != records.library)
                problem = file + ": the vector index of another library";
            else if (saved->generation > records.generation)
                problem = file + ": newer than the database (generation " + std::to_string(saved->generation) +
                          ", the database's " + std::to_string(records.generation) + "; a database restored from a backup?)";
            if (!problem.empty()) index_.reset();
        } catch (const VectorIndexError& e) {
            problem = e.what();
        }
    }
    if (!problem.empty()) {
        rebuildIndex();
        notices.push_back(problem + "; rebuilt from " + std::to_string(index_->size()) + " stored embeddings");
    } else if (!index_) {
        index_.emplace(model->embedDim, params_);
    } else if (auto caughtUp = catchUpIndex(index_->loadedStamp()->generation); !caughtUp.empty()) {
        notices.push_back(caughtUp);
    }
    indexGeneration_ = records.generation;
    for (const auto& notice : notices) repairNotice_ += (repairNotice_.empty() ? "" : "; ") + notice;
    if (repairNotice_.empty()) return;
    if (readOnly()) {
        repairNotice_ += "; not saved, for this command only (the library is read-only: " + readOnlyReason_ + ")";
        return;
    }
    if (mayWrite) {
        saveIndex();
        return;
    }
    // A reader keeps the repair if no writer is active (so it cannot overwrite a newer index)
    // and the folder is writable; otherwise the repair lasts for this session only.
    try {
        if (auto lock = LibraryLock::tryAcquire(files_.lock); lock.locked()) saveIndex();
    } catch (const std::runtime_error&) {
    }
}

std::string PhotoLibrary::requeuePhotos(const std::vector<std::int64_t>& ids, bool mayWrite) {
    const auto first = database_->photoPath(ids.front()).value_or("photo " + std::to_string(ids.front()));
    std::string notice = files_.database.string() + ": " + std::to_string(ids.size()) +
                         " indexed photo(s) without a usable embedding (damaged or missing; first " + first + ")";
    if (readOnly()) return notice + "; left as they are (the library is read-only); searches skip those photos";
    try {
        LibraryLock lock;
        if (!mayWrite) lock = LibraryLock::tryAcquire(files_.lock);
        if (mayWrite || lock.locked()) {
            SqliteTransaction transaction(database_->connection());
            database_->markPending(ids);
            database_->raiseIndexGeneration();
            transaction.commit();
            return notice + "; marked to be encoded again by the next index run";
        }
    } catch (const std::runtime_error&) {
        // A read-only library: left as it is; searches skip those photos.
    }
    return notice + "; the next index run encodes them again";
}

std::string PhotoLibrary::catchUpIndex(std::int64_t savedGeneration) {
    const auto inIndex = index_->ids();
    const auto inDatabase = database_->indexedPhotoIds();
    // Photos whose embedding was written after the file was saved: a run that died between its
    // database commit and the next save (killed, or a full disk) leaves their old vectors in it.
    std::vector<std::int64_t> rewritten;
    const auto written = database_->indexedPhotosWrittenAfter(savedGeneration);
    std::set_intersection(written.begin(), written.end(), inIndex.begin(), inIndex.end(), std::back_inserter(rewritten));
    if (inIndex == inDatabase && rewritten.empty()) return "";
    std::vector<std::int64_t> missing;
    std::vector<std::int64_t> extra;
    std::set_difference(inDatabase.begin(), inDatabase.end(), inIndex.begin(), inIndex.end(), std::back_inserter(missing));
    std::set_difference(inIndex.begin(), inIndex.end(), inDatabase.begin(), inDatabase.end(), std::back_inserter(extra));
    std::vector<std::int64_t> drop = extra;
    drop.insert(drop.end(), rewritten.begin(), rewritten.end());
    index_->remove(drop);
    std::vector<std::int64_t> fetch = missing;
    fetch.insert(fetch.end(), rewritten.begin(), rewritten.end());
    std::sort(fetch.begin(), fetch.end());
    std::vector<std::int64_t> ids;
    std::vector<float> rows;
    database_->forEachEmbeddingOf(fetch, [&](std::int64_t id, const float* v) {
        ids.push_back(id);
        rows.insert(rows.end(), v, v + index_->dim());
    });
    index_->add(ids, rows.data());
    return files_.vectorIndex.string() + ": behind the database (" + std::to_string(missing.size()) + " photos missing, " +
           std::to_string(rewritten.size()) + " with outdated vectors, " + std::to_string(extra.size()) +
           " no longer in the library; an interrupted run?); brought up to date from the stored embeddings";
}

bool PhotoLibrary::useModel(const ModelIdentity& model) {
    requireIndex("useModel");
    const bool hadIndex = index_.has_value();
    bool changed = false;
    {
        SqliteTransaction transaction(database_->connection());
        changed = database_->setCurrentModel(model);
        if (changed) {
            // Photos indexed again with embeddings kept from an earlier use of this model count
            // as written now: a file saved for the previous model never passes for theirs.
            const auto generation = database_->raiseIndexGeneration();
            database_->restampEmbeddings(generation);
        }
        transaction.commit();
    }
    if (changed || !hadIndex) {
        rebuildIndex();  // the new model's embeddings, if any were kept from an earlier use
        saveIndex();
    }
    return changed;
}

void PhotoLibrary::commit(const EncodedBatch& batch) {
    requireIndex("commit");
    if (!index_) throw std::logic_error("PhotoLibrary::commit before useModel");
    std::vector<std::int64_t> previous;
    std::vector<std::int64_t> added;
    std::vector<float> rows;
    std::int64_t generation = 0;
    {
        SqliteTransaction transaction(database_->connection());
        generation = database_->raiseIndexGeneration();
        for (const auto& photo : batch.encoded) {
            database_->markIndexed(photo.photoId, photo.info, photo.embedding.data(), index_->dim(), generation);
            if (photo.wasInIndex) previous.push_back(photo.photoId);
            added.push_back(photo.photoId);
            rows.insert(rows.end(), photo.embedding.begin(), photo.embedding.end());
        }
        for (const auto& photo : batch.failed) {
            database_->markFailed(photo.photoId, photo.file.size, photo.file.mtimeNs, photo.reason);
            if (photo.wasInIndex) previous.push_back(photo.photoId);
        }
        transaction.commit();
    }
    index_->remove(previous);
    index_->add(added, rows.data());
    indexGeneration_ = generation;
    // Saving costs time proportional to the index size; saving only when the last save took
    // under a tenth of the time since bounds that overhead at about 10 %, and small indexes
    // (fast to save) are still saved after every batch.
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - lastSave_).count() >= 10 * lastSaveSeconds_) saveIndex();
}

void PhotoLibrary::removePhotos(const std::vector<std::int64_t>& photoIds) {
    requireIndex("removePhotos");
    if (photoIds.empty()) return;
    {
        SqliteTransaction transaction(database_->connection());
        for (const auto id : photoIds) database_->removePhoto(id);
        indexGeneration_ = database_->raiseIndexGeneration();
        transaction.commit();
    }
    if (index_) {
        index_->remove(photoIds);
        saveIndex();
    }
}

void PhotoLibrary::rebuildIndex() {
    requireIndex("rebuildIndex");
    const auto model = database_->currentModel();
    if (!model) return;
    index_.reset();
    indexGeneration_ = database_->indexStamp().generation;
    index_ = VectorIndex::build(model->embedDim, database_->indexedCount(),
                                [this](const VectorIndex::VectorVisitor& visit) { database_->forEachEmbedding(visit); },
                                params_);
}

bool PhotoLibrary::rebuildIndexIfOutgrown() {
    if (!index_ || index_->suits(index_->size())) return false;
    rebuildIndex();
    return true;
}

void PhotoLibrary::saveIndex() {
    if (!index_) return;
    const auto start = std::chrono::steady_clock::now();
    index_->save(files_.vectorIndex, IndexStamp{database_->indexStamp().library, indexGeneration_});
    lastSave_ = std::chrono::steady_clock::now();
    lastSaveSeconds_ = std::chrono::duration<double>(lastSave_ - start).count();
}

std::int64_t PhotoLibrary::forgetFolder(const std::string& folder) {
    requireIndex("forgetFolder");
    const std::string path = normalisedPath(folder);
    const auto folders = database_->folders();
    const auto match = std::find_if(folders.begin(), folders.end(), [&](const FolderRecord& f) { return f.path == path; });
    if (match == folders.end()) {
        std::string known;
        for (const auto& f : folders) known += (known.empty() ? "" : ", ") + f.path;
        throw LibraryError(folder + ": not a folder of this library" +
                           (known.empty() ? std::string(" (it has none)") : " (its folders: " + known + ")"));
    }
    const auto photos = static_cast<std::int64_t>(database_->photosUnder(path).size());
    const auto indexed = database_->indexedPhotoIdsUnder(path);
    SqliteTransaction transaction(database_->connection());
    database_->removeFolder(match->id);
    indexGeneration_ = database_->raiseIndexGeneration();
    transaction.commit();
    if (index_) {
        index_->remove(indexed);
        saveIndex();
    }
    return photos;
}

IndexCheck PhotoLibrary::checkIndex(std::int64_t sample) const {
    IndexCheck check;
    const auto inDatabase = database_->indexedPhotoIds();
    if (!index_) {
        check.idsMatch = inDatabase.empty();
        return check;
    }
    check.idsMatch = index_->ids() == inDatabase;
    std::vector<std::int64_t> probes;
    const auto n = static_cast<std::int64_t>(inDatabase.size());
    const std::int64_t count = std::min(n, std::max<std::int64_t>(0, sample));
    for (std::int64_t i = 0; i < count; ++i) probes.push_back(inDatabase[static_cast<std::size_t>(i * n / count)]);
    // Exact indexes return the stored score to float rounding; 8-bit scalars to about 1e-2.
    const float tolerance = index_->exactScores() ? 1e-3f : 5e-2f;
    database_->forEachEmbeddingOf(probes, [&](std::int64_t id, const float* v) {
        float own = 0;
        for (int d = 0; d < index_->dim(); ++d) own += v[d] * v[d];
        const auto hits = index_->search(v, 10);
        const auto self = std::find_if(hits.begin(), hits.end(), [id](const VectorHit& h) { return h.id == id; });
        ++check.vectorsChecked;
        if (self == hits.end() || std::abs(self->score - own) > tolerance) {
            if (check.vectorsWrong++ == 0) check.firstWrong = database_->photoPath(id).value_or(std::to_string(id));
        }
    });
    return check;
}

}  // namespace clipdesk
