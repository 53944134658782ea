#pragma once
// Library page: the library's folders with per-state counts, adding folders (dialog or
// drag-and-drop) and removing them, indexing on a worker thread with progress, speed, time
// left and Cancel, the photos that failed and why, and which model the library is indexed
// with (prompting to re-index when Settings name another), and the watch of its folders
// (WatchJob, while the window is open and Settings allow): what is watched, what is left to
// periodic rescans and why; a background re-index refreshes the page and the search.

#include "jobs/index_job.h"
#include "jobs/watch_job.h"
#include "services/library_overview.h"
#include "text/translatable_text.h"

#include <QFutureWatcher>
#include <QStringList>
#include <QWidget>

#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace clipdesk::ui {

class AppSettings;
class FailedPhotoModel;
class FolderTableModel;
class MessageLabel;

class LibraryPage : public QWidget {
    Q_OBJECT
public:
    LibraryPage(AppSettings& settings, IndexJob& indexJob, QWidget* parent = nullptr);

    FolderTableModel* folderModel() const { return folders_; }
    FailedPhotoModel* failureModel() const { return failures_; }
    const LibraryOverview& overview() const { return overview_; }
    bool isIndexing() const;
    QWidget* emptyState() const { return emptyState_; }
    bool isWatching() const { return watch_->isRunning(); }
    // The watch state as shown ("Watching 3 folders (1,234 subfolders)…").
    QString watchStatusText() const;

public Q_SLOTS:
    // Reads the library again (off the GUI thread); overviewChanged() follows.
    void refresh();
    // Adds folders and indexes them (queued behind a run in progress).
    void addFolders(const QStringList& folders);
    void chooseFolderToAdd();
    // Scans every folder of the library again and indexes what changed.
    void indexAll();
    void cancelIndexing();
    // Drops a folder from the library (its files are not touched).
    void removeFolder(const QString& folder);

Q_SIGNALS:
    void overviewChanged(const clipdesk::ui::LibraryOverview& overview);
    // An index run finished; the library's contents may have changed.
    void libraryChanged();
    void statusMessage(const clipdesk::ui::TranslatableText& message);

protected:
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void retranslateUi();
    void startIndexing(const QStringList& folders);
    void onOverviewRead();
    void onProgress(const clipdesk::JobProgress& progress);
    void onFinished(const IndexOutcome& outcome);
    void removeSelectedFolder();
    void updateState();
    QString modelNotice() const;
    bool modelDiffers() const;
    // Starts or stops the watch as Settings, the library and a manual run allow.
    void updateWatch();
    void restartWatch();
    void onWatchFinished(const TranslatableText& error);
    void showWatchState();

    AppSettings& settings_;
    IndexJob& job_;
    FolderTableModel* folders_;
    FailedPhotoModel* failures_;
    LibraryOverview overview_;
    QFutureWatcher<LibraryOverview> overviewWatcher_;
    bool refreshAgain_ = false;
    QStringList queuedFolders_;
    bool queuedIndexAll_ = false;
    TranslatableText lastOutcome_;
    WatchJob* watch_;
    std::optional<WatchCoverage> coverage_;  // of the watch running
    TranslatableText watchError_;
    bool restartWatch_ = false;
    std::optional<QStringList> indexAfterWatch_;  // a manual run waiting for the watch to stop

    QLabel* title_;
    QLabel* libraryLabel_;
    QLabel* modelLabel_;
    QWidget* emptyState_;
    QLabel* emptyLabel_;
    QPushButton* emptyAddButton_;
    QTableView* folderView_;
    QPushButton* addButton_;
    QPushButton* removeButton_;
    QPushButton* indexButton_;
    QPushButton* cancelButton_;
    QProgressBar* progressBar_;
    MessageLabel* progressLabel_;
    MessageLabel* watchLabel_;
    QLabel* failedTitle_;
    QTableView* failedView_;
};

}  // namespace clipdesk::ui
