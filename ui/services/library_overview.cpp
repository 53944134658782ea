#include "services/library_overview.h"

#include "library/photo_library.h"

#include <filesystem>

namespace clipdesk::ui {

LibraryOverview readLibraryOverview(const QString& libraryDir, int maxFailures) {
    LibraryOverview overview;
    overview.dir = libraryDir;
    const auto dir = std::filesystem::path(libraryDir.toStdString());
    std::error_code ec;
    if (!std::filesystem::exists(libraryFiles(dir).database, ec)) return overview;
    try {
        auto library = PhotoLibrary::open(dir, LibraryAccess::Read);
        overview.exists = true;
        overview.notice = QString::fromStdString(library->repairNotice());
        auto& db = library->database();
        if (const auto model = db.currentModel()) {
            overview.modelPath = QString::fromStdString(model->modelPath);
            overview.modelName = QString::fromStdString(model->name);
        }
        overview.indexedCount = db.indexedCount();
        for (const auto& status : db.folderStatus()) {
            FolderSummary folder;
            folder.path = QString::fromStdString(status.folder.path);
            folder.pending = status.counts.pending;
            folder.indexed = status.counts.indexed;
            folder.failed = status.counts.failed;
            folder.stale = status.counts.stale;
            overview.folders.push_back(folder);
        }
        for (const auto& problem : db.failedPhotos(maxFailures))
            overview.failures.push_back(problem);
        for (const auto& problem : db.scanProblems())
            overview.failures.push_back(problem);
    } catch (const std::exception& e) {
        overview.error = QString::fromStdString(e.what());
    }
    return overview;
}

QString forgetLibraryFolder(const QString& libraryDir, const QString& folder) {
    try {
        auto library = PhotoLibrary::open(std::filesystem::path(libraryDir.toStdString()), LibraryAccess::Write);
        library->forgetFolder(folder.toStdString());
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

}  // namespace clipdesk::ui
