#include "application/library_status.h"

#include "application/library_session.h"

namespace clipdesk {

LibraryStatus readLibraryStatus(const std::filesystem::path& dir, std::int64_t maxFailures, bool check) {
    auto session = LibrarySession::open({dir, LibraryAccess::Read, {}});
    const PhotoLibrary& library = session->library();
    auto& db = library.database();
    LibraryStatus status;
    status.dir = library.files().dir.string();
    status.database = db.path();
    status.repairNotice = library.repairNotice();
    status.model = db.currentModel();
    status.folders = db.folderStatus();
    for (const auto& f : status.folders) {
        status.totals.pending += f.counts.pending;
        status.totals.indexed += f.counts.indexed;
        status.totals.failed += f.counts.failed;
        status.totals.stale += f.counts.stale;
    }
    if (const VectorIndex* index = library.index()) {
        status.index = index->describe();
        status.vectors = index->size();
    }
    status.failedPhotos = db.failedPhotos(maxFailures);
    status.scanProblems = db.scanProblems();
    if (check) {
        const IndexCheck vectors = library.checkIndex();
        status.vectorsChecked = vectors.vectorsChecked;
        status.vectorsWrong = vectors.vectorsWrong;
        status.consistent = status.repairNotice.empty() && vectors.ok();
        status.integrity = db.integrityCheck();
    }
    return status;
}

}  // namespace clipdesk
