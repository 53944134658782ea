#include "library/photo_library.h"

#include <algorithm>
#include <iterator>

namespace clipdesk {

std::unique_ptr<PhotoLibrary> PhotoLibrary::open(const std::filesystem::path& dir, LibraryAccess access,
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
    if (write) {
        library->writerLock_ = LibraryLock::tryAcquire(files.lock);
        if (!library->writerLock_.locked())
            throw LibraryError(dir.string() + ": another Clipdesk process is indexing this library; try again when it "
                                              "has finished");
    }
    library->database_ = std::make_unique<LibraryDatabase>(files.database, access == LibraryAccess::Create);
    library->loadIndex(write);
    return library;
}

void PhotoLibrary::loadIndex(bool mayWrite) {
    const auto model = database_->currentModel();
    if (!model) return;
    std::string problem;
    std::error_code ec;
    if (!std::filesystem::exists(files_.vectorIndex, ec)) {
        if (database_->indexedCount() > 0) problem = files_.vectorIndex.string() + ": missing";
    } else {
        try {
            index_ = VectorIndex::load(files_.vectorIndex, params_);
            if (index_->dim() != model->embedDim) {
                problem = files_.vectorIndex.string() + ": holds " + std::to_string(index_->dim()) +
                          "-dimensional vectors but the model's are " + std::to_string(model->embedDim) + "-dimensional";
                index_.reset();
            }
        } catch (const VectorIndexError& e) {
            problem = e.what();
        }
    }
    if (!problem.empty()) {
        rebuildIndex();
        repairNotice_ = problem + "; rebuilt from " + std::to_string(index_->size()) + " stored embeddings";
    } else if (!index_) {
        index_.emplace(model->embedDim, params_);
    } else {
        repairNotice_ = reconcileIndex();
    }
    if (repairNotice_.empty()) return;
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

std::string PhotoLibrary::reconcileIndex() {
    const auto inIndex = index_->ids();
    const auto inDatabase = database_->indexedPhotoIds();
    if (inIndex == inDatabase) return "";
    std::vector<std::int64_t> missing;
    std::vector<std::int64_t> extra;
    std::set_difference(inDatabase.begin(), inDatabase.end(), inIndex.begin(), inIndex.end(), std::back_inserter(missing));
    std::set_difference(inIndex.begin(), inIndex.end(), inDatabase.begin(), inDatabase.end(), std::back_inserter(extra));
    index_->remove(extra);
    std::vector<std::int64_t> ids;
    std::vector<float> rows;
    database_->forEachEmbeddingOf(missing, [&](std::int64_t id, const float* v) {
        ids.push_back(id);
        rows.insert(rows.end(), v, v + index_->dim());
    });
    index_->add(ids, rows.data());
    return files_.vectorIndex.string() + ": out of step with the database (" + std::to_string(missing.size()) +
           " photos missing, " + std::to_string(extra.size()) + " no longer in the library; an interrupted run?); " +
           "brought up to date from the stored embeddings";
}

bool PhotoLibrary::useModel(const ModelIdentity& model) {
    const bool hadIndex = index_.has_value();
    bool changed = false;
    {
        SqliteTransaction transaction(database_->connection());
        changed = database_->setCurrentModel(model);
        transaction.commit();
    }
    if (changed || !hadIndex) {
        rebuildIndex();  // the new model's embeddings, if any were kept from an earlier use
        saveIndex();
    }
    return changed;
}

void PhotoLibrary::commit(const EncodedBatch& batch) {
    if (!index_) throw std::logic_error("PhotoLibrary::commit before useModel");
    std::vector<std::int64_t> previous;
    std::vector<std::int64_t> added;
    std::vector<float> rows;
    {
        SqliteTransaction transaction(database_->connection());
        for (const auto& photo : batch.encoded) {
            database_->markIndexed(photo.photoId, photo.info, photo.embedding.data(), index_->dim());
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
    // Saving costs time proportional to the index size; saving only when the last save took
    // under a tenth of the time since bounds that overhead at about 10 %, and small indexes
    // (fast to save) are still saved after every batch.
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - lastSave_).count() >= 10 * lastSaveSeconds_) saveIndex();
}

void PhotoLibrary::removePhotos(const std::vector<std::int64_t>& photoIds) {
    if (photoIds.empty()) return;
    {
        SqliteTransaction transaction(database_->connection());
        for (const auto id : photoIds) database_->removePhoto(id);
        transaction.commit();
    }
    if (index_) {
        index_->remove(photoIds);
        saveIndex();
    }
}

void PhotoLibrary::rebuildIndex() {
    const auto model = database_->currentModel();
    if (!model) return;
    index_.reset();
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
    index_->save(files_.vectorIndex);
    lastSave_ = std::chrono::steady_clock::now();
    lastSaveSeconds_ = std::chrono::duration<double>(lastSave_ - start).count();
}

std::int64_t PhotoLibrary::forgetFolder(const std::string& folder) {
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
    transaction.commit();
    if (index_) {
        index_->remove(indexed);
        saveIndex();
    }
    return photos;
}

}  // namespace clipdesk
