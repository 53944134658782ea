// PhotoLibrary's writes for the near-duplicate review: hidden flags and the chosen distance.

#include "library/photo_library.h"

namespace clipdesk {

void PhotoLibrary::setHidden(const std::vector<std::int64_t>& photoIds, bool hidden) {
    if (photoIds.empty()) return;
    SqliteTransaction transaction(database_->connection());
    database_->setHidden(photoIds, hidden);
    transaction.commit();
}

void PhotoLibrary::setDuplicateMaxDistance(double maxDistance) {
    const auto model = database_->currentModelId();
    if (model == 0) throw LibraryError(files_.dir.string() + ": the library has no model yet; index it first");
    database_->setDuplicateMaxDistance(model, maxDistance);
}

}  // namespace clipdesk
