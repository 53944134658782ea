#include "services/library_overview.h"

#include "application/library_status.h"
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
        const LibraryStatus status = readLibraryStatus(dir, maxFailures, false);
        overview.exists = true;
        overview.notice = QString::fromStdString(status.repairNotice);
        if (status.model) {
            overview.modelPath = QString::fromStdString(status.model->modelPath);
            overview.modelName = QString::fromStdString(status.model->name);
        }
        overview.indexedCount = status.totals.indexed;
        for (const auto& f : status.folders) {
            FolderSummary folder;
            folder.path = QString::fromStdString(f.folder.path);
            folder.pending = f.counts.pending;
            folder.indexed = f.counts.indexed;
            folder.failed = f.counts.failed;
            folder.stale = f.counts.stale;
            overview.folders.push_back(folder);
        }
        overview.failures = status.failedPhotos;
        overview.failures.insert(overview.failures.end(), status.scanProblems.begin(), status.scanProblems.end());
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
