#include "pages/library_page.h"

#include "models/failed_photo_model.h"
#include "models/folder_table_model.h"
#include "settings/app_settings.h"
#include "widgets/message_label.h"

#include <algorithm>
#include <climits>

#include <QDir>
#include <QDragEnterEvent>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace clipdesk::ui {
namespace {

QStringList localFolders(const QMimeData* mime) {
    QStringList folders;
    if (!mime || !mime->hasUrls()) return folders;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isDir()) folders << url.toLocalFile();
    return folders;
}

QString duration(double seconds) {
    const auto s = static_cast<qint64>(seconds + 0.5);
    if (s < 60) return LibraryPage::tr("%1 s").arg(s);
    if (s < 3600) return LibraryPage::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return LibraryPage::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

}  // namespace

LibraryPage::LibraryPage(AppSettings& settings, IndexJob& indexJob, QWidget* parent)
    : QWidget(parent), settings_(settings), job_(indexJob) {
    setObjectName("libraryPage");
    setAcceptDrops(true);
    folders_ = new FolderTableModel(this);
    failures_ = new FailedPhotoModel(this);

    title_ = new QLabel(this);
    QFont titleFont = title_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    title_->setFont(titleFont);
    libraryLabel_ = new QLabel(this);
    libraryLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    modelLabel_ = new QLabel(this);
    modelLabel_->setObjectName("libraryModelNotice");
    modelLabel_->setWordWrap(true);

    emptyState_ = new QWidget(this);
    emptyLabel_ = new QLabel(emptyState_);
    emptyLabel_->setWordWrap(true);
    emptyLabel_->setAlignment(Qt::AlignCenter);
    emptyAddButton_ = new QPushButton(emptyState_);
    auto* emptyLayout = new QVBoxLayout(emptyState_);
    emptyLayout->addStretch();
    emptyLayout->addWidget(emptyLabel_);
    emptyLayout->addWidget(emptyAddButton_, 0, Qt::AlignCenter);
    emptyLayout->addStretch();

    folderView_ = new QTableView(this);
    folderView_->setObjectName("folderView");
    folderView_->setModel(folders_);
    folderView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    folderView_->setSelectionMode(QAbstractItemView::SingleSelection);
    folderView_->horizontalHeader()->setSectionResizeMode(FolderTableModel::FolderColumn, QHeaderView::Stretch);
    folderView_->verticalHeader()->hide();

    addButton_ = new QPushButton(this);
    addButton_->setObjectName("addFolderButton");
    removeButton_ = new QPushButton(this);
    removeButton_->setObjectName("removeFolderButton");
    indexButton_ = new QPushButton(this);
    indexButton_->setObjectName("indexButton");
    cancelButton_ = new QPushButton(this);
    cancelButton_->setObjectName("cancelIndexButton");
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(addButton_);
    buttons->addWidget(removeButton_);
    buttons->addStretch();
    buttons->addWidget(indexButton_);
    buttons->addWidget(cancelButton_);

    progressBar_ = new QProgressBar(this);
    progressBar_->setObjectName("indexProgress");
    progressLabel_ = new MessageLabel(this);
    progressLabel_->setObjectName("indexProgressLabel");
    progressLabel_->setWordWrap(true);
    watch_ = new WatchJob(this);
    watchLabel_ = new MessageLabel(this);
    watchLabel_->setObjectName("watchStatus");
    watchLabel_->setWordWrap(true);

    failedTitle_ = new QLabel(this);
    failedView_ = new QTableView(this);
    failedView_->setObjectName("failedView");
    failedView_->setModel(failures_);
    failedView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    failedView_->horizontalHeader()->setSectionResizeMode(FailedPhotoModel::PathColumn, QHeaderView::Stretch);
    failedView_->horizontalHeader()->setSectionResizeMode(FailedPhotoModel::ReasonColumn, QHeaderView::Stretch);
    failedView_->verticalHeader()->hide();
    auto* failedBox = new QWidget(this);
    auto* failedLayout = new QVBoxLayout(failedBox);
    failedLayout->setContentsMargins(0, 0, 0, 0);
    failedLayout->addWidget(failedTitle_);
    failedLayout->addWidget(failedView_);
    failedBox->setObjectName("failedBox");
    // Only shown when there is something to show (it would take a third of the page empty).
    const auto showFailuresIfAny = [this, failedBox] { failedBox->setVisible(failures_->rowCount() > 0); };
    connect(failures_, &QAbstractItemModel::modelReset, failedBox, showFailuresIfAny);
    connect(failures_, &QAbstractItemModel::rowsInserted, failedBox, showFailuresIfAny);
    connect(failures_, &QAbstractItemModel::rowsRemoved, failedBox, showFailuresIfAny);
    failedBox->setVisible(false);

    auto* foldersBox = new QWidget(this);
    auto* foldersLayout = new QVBoxLayout(foldersBox);
    foldersLayout->setContentsMargins(0, 0, 0, 0);
    foldersLayout->addWidget(emptyState_);
    foldersLayout->addWidget(folderView_);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(foldersBox);
    splitter->addWidget(failedBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addWidget(libraryLabel_);
    layout->addWidget(modelLabel_);
    layout->addWidget(watchLabel_);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);
    layout->addWidget(progressBar_);
    layout->addWidget(progressLabel_);

    connect(addButton_, &QPushButton::clicked, this, &LibraryPage::chooseFolderToAdd);
    connect(emptyAddButton_, &QPushButton::clicked, this, &LibraryPage::chooseFolderToAdd);
    connect(removeButton_, &QPushButton::clicked, this, &LibraryPage::removeSelectedFolder);
    connect(indexButton_, &QPushButton::clicked, this, &LibraryPage::indexAll);
    connect(cancelButton_, &QPushButton::clicked, this, &LibraryPage::cancelIndexing);
    connect(folderView_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &LibraryPage::updateState);
    connect(&overviewWatcher_, &QFutureWatcher<LibraryOverview>::finished, this, &LibraryPage::onOverviewRead);
    connect(&job_, &IndexJob::progressChanged, this, &LibraryPage::onProgress);
    connect(&job_, &IndexJob::photoFailed, this,
            [this](const QString& path, const QString& reason) { failures_->append({path.toStdString(), reason.toStdString()}); });
    connect(&job_, &IndexJob::finished, this, &LibraryPage::onFinished);
    connect(&settings_, &AppSettings::libraryDirChanged, this, &LibraryPage::refresh);
    connect(&settings_, &AppSettings::modelChanged, this, &LibraryPage::updateState);
    connect(&settings_, &AppSettings::modelChanged, this, &LibraryPage::restartWatch);
    connect(&settings_, &AppSettings::libraryDirChanged, this, &LibraryPage::restartWatch);
    connect(&settings_, &AppSettings::threadsChanged, this, &LibraryPage::restartWatch);
    connect(&settings_, &AppSettings::watchFoldersChanged, this, &LibraryPage::updateWatch);
    connect(watch_, &WatchJob::coverageChanged, this, [this](const WatchCoverage& coverage) {
        coverage_ = coverage;
        showWatchState();
    });
    connect(watch_, &WatchJob::reindexed, this, [this](const IndexSummary& o) {
        if (o.added + o.updated + o.moved + o.removed + o.failed > 0)
            Q_EMIT statusMessage(translatable([o] {
                return tr("Indexed changes in the background: %1 added, %2 updated, %3 moved, %4 removed, %5 failed")
                    .arg(o.added).arg(o.updated).arg(o.moved).arg(o.removed).arg(o.failed);
            }));
        refresh();
        Q_EMIT libraryChanged();
    });
    connect(watch_, &WatchJob::notice, this, &LibraryPage::statusMessage);
    connect(watch_, &WatchJob::finished, this, &LibraryPage::onWatchFinished);

    retranslateUi();
    updateState();
    refresh();
}

bool LibraryPage::isIndexing() const { return job_.isRunning(); }

void LibraryPage::retranslateUi() {
    title_->setText(tr("Library"));
    emptyLabel_->setText(tr("Your library is empty.\nAdd a folder of photos (or drop one here): Clipdesk indexes it so "
                            "that you can find any photo by describing it."));
    emptyAddButton_->setText(tr("Add a folder of photos…"));
    addButton_->setText(tr("Add folder…"));
    addButton_->setToolTip(tr("Add a folder of photos to the library and index it. You can also drop folders here."));
    removeButton_->setText(tr("Remove folder"));
    removeButton_->setToolTip(tr("Remove the selected folder from the library. The photos on disk are not touched."));
    cancelButton_->setText(tr("Cancel"));
    cancelButton_->setToolTip(tr("Stop after the batch in progress; photos indexed so far are kept."));
    failedTitle_->setText(tr("Files that could not be indexed"));
    updateState();
}

void LibraryPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void LibraryPage::refresh() {
    if (overviewWatcher_.isRunning()) {
        refreshAgain_ = true;
        return;
    }
    overviewWatcher_.setFuture(QtConcurrent::run(readLibraryOverview, settings_.libraryDir(), 2000));
}

void LibraryPage::onOverviewRead() {
    overview_ = overviewWatcher_.result();
    if (refreshAgain_) {
        refreshAgain_ = false;
        refresh();
    }
    folders_->setFolders(overview_.folders);
    if (!job_.isRunning()) failures_->setFailures(overview_.failures);
    if (!overview_.error.isEmpty())
        Q_EMIT statusMessage(translatable([error = overview_.error] { return tr("The library cannot be read: %1").arg(error); }));
    else if (!overview_.notice.isEmpty()) Q_EMIT statusMessage(overview_.notice);
    updateState();
    updateWatch();
    Q_EMIT overviewChanged(overview_);
}

namespace {

// The same file or folder named two ways (through a symbolic link, with "..") is one model.
QString comparablePath(const QString& path) {
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

}  // namespace

bool LibraryPage::modelDiffers() const {
    const QString configured = settings_.effectiveModelPath();
    return !overview_.modelPath.isEmpty() && !configured.isEmpty() &&
           comparablePath(overview_.modelPath) != comparablePath(configured);
}

QString LibraryPage::modelNotice() const {
    const QString configured = settings_.effectiveModelPath();
    if (configured.isEmpty()) return tr("No model is available: choose a CLIP model in Settings.");
    if (overview_.modelPath.isEmpty()) return tr("Photos will be indexed with %1.").arg(QDir::toNativeSeparators(configured));
    if (modelDiffers())
        return tr("This library is indexed with %1, but Settings name %2. Re-index to search with the new model "
                  "(every photo is encoded again).")
            .arg(QDir::toNativeSeparators(overview_.modelPath), QDir::toNativeSeparators(configured));
    return tr("Indexed with %1 (%2).").arg(overview_.modelName, QDir::toNativeSeparators(overview_.modelPath));
}

void LibraryPage::updateState() {
    const bool running = job_.isRunning();
    const bool hasFolders = !overview_.folders.isEmpty();
    libraryLabel_->setText(tr("Library folder: %1").arg(QDir::toNativeSeparators(settings_.libraryDir())));
    modelLabel_->setText(modelNotice());
    emptyState_->setVisible(!hasFolders && !running);
    folderView_->setVisible(hasFolders || running);
    qint64 toIndex = 0;
    for (const auto& f : overview_.folders) toIndex += f.pending + f.stale;
    const bool modelChanged = modelDiffers();
    indexButton_->setText(modelChanged ? tr("Re-index with the new model") : toIndex > 0 ? tr("Index %n photo(s)", nullptr, int(toIndex)) : tr("Re-scan folders"));
    indexButton_->setToolTip(tr("Scan every folder again and index new, changed, moved and deleted photos."));
    indexButton_->setEnabled(!running && hasFolders);
    addButton_->setEnabled(true);
    removeButton_->setEnabled(!running && folderView_->selectionModel()->hasSelection());
    cancelButton_->setEnabled(running);
    progressBar_->setVisible(running);
    failedTitle_->setText(tr("Files that could not be indexed (%1)").arg(failures_->rowCount()));
    if (!running) progressLabel_->showMessage(lastOutcome_);
}

void LibraryPage::chooseFolderToAdd() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a folder of photos"), QDir::homePath());
    if (!folder.isEmpty()) addFolders({folder});
}

void LibraryPage::addFolders(const QStringList& folders) {
    if (folders.isEmpty()) return;
    if (job_.isRunning() || indexAfterWatch_) {
        queuedFolders_ << folders;
        Q_EMIT statusMessage(translatable([n = int(folders.size())] {
            return tr("%n folder(s) will be added when the current run ends.", nullptr, n);
        }));
        return;
    }
    startIndexing(folders);
}

void LibraryPage::indexAll() {
    if (job_.isRunning() || indexAfterWatch_) {
        queuedIndexAll_ = true;
        return;
    }
    startIndexing({});
}

void LibraryPage::startIndexing(const QStringList& folders) {
    if (watch_->isRunning()) {  // one writer at a time: the watch's runs pause until this one ends
        indexAfterWatch_ = folders;
        watch_->stop();
        progressLabel_->showMessage(translatable([] { return tr("Pausing the folder watch…"); }));
        return;
    }
    IndexRequest request;
    request.libraryDir = settings_.libraryDir();
    request.folders = folders;
    request.modelPath = settings_.effectiveModelPath();
    request.threads = settings_.threads();
    failures_->setFailures({});
    lastOutcome_ = {};
    if (!job_.start(request)) return;
    folders_->addPendingFolders(folders);  // listed at once, not only when the run ends
    progressBar_->setRange(0, 0);
    updateState();
}

void LibraryPage::cancelIndexing() {
    queuedFolders_.clear();
    queuedIndexAll_ = false;
    job_.cancel();
    progressLabel_->showMessage(translatable([] { return tr("Stopping after the batch in progress…"); }));
}

void LibraryPage::onProgress(const JobProgress& s) {
    progressBar_->setVisible(true);
    switch (s.stage) {
    case JobStage::Loading:
        progressBar_->setRange(0, 0);
        progressLabel_->showMessage(translatable([] { return tr("Loading the model…"); }));
        break;
    case JobStage::Scanning:
        progressBar_->setRange(0, 0);
        progressLabel_->showMessage(
            translatable([found = int(s.done), folder = QDir::toNativeSeparators(QString::fromStdString(s.item))] {
                return tr("Scanning %1 (%n photo(s) found)", nullptr, found).arg(folder);
            }));
        break;
    case JobStage::Encoding: {
        progressBar_->setRange(0, int(std::min<qint64>(s.total, INT_MAX)));
        progressBar_->setValue(int(std::min<qint64>(s.done, INT_MAX)));
        progressLabel_->showMessage(translatable([s] {
            QString text = tr("Indexed %1 of %2 photos").arg(s.done).arg(s.total);
            if (s.perSecond > 0) text += tr(", %1 images/s").arg(QString::number(s.perSecond, 'f', 1));
            if (s.etaSeconds >= 0) text += tr(", about %1 left").arg(duration(s.etaSeconds));
            return text;
        }));
        break;
    }
    case JobStage::Finishing:
        progressBar_->setRange(0, 0);
        progressLabel_->showMessage(translatable([] { return tr("Saving the index…"); }));
        break;
    default:
        break;
    }
}

void LibraryPage::onFinished(const IndexOutcome& outcome) {
    if (!outcome.error.isEmpty()) {
        lastOutcome_ = translatable([error = outcome.error] { return tr("Indexing failed: %1").arg(error.toString()); });
    } else {
        lastOutcome_ = translatable([o = outcome.summary] {
            QString text = (o.cancelled ? tr("Cancelled after %1: ") : tr("Done in %1: ")).arg(duration(o.seconds)) +
                           tr("%1 added, %2 updated, %3 moved, %4 removed, %5 unchanged, %6 failed")
                               .arg(o.added).arg(o.updated).arg(o.moved).arg(o.removed).arg(o.unchanged).arg(o.failed);
            if (o.imagesPerSecond > 0) text += tr(" (%1 images/s)").arg(QString::number(o.imagesPerSecond, 'f', 1));
            return text;
        });
    }
    if (!isVisible()) Q_EMIT statusMessage(lastOutcome_);  // shown on the page; the status bar only elsewhere
    updateState();
    refresh();
    Q_EMIT libraryChanged();
    if (!queuedFolders_.isEmpty()) {
        const QStringList next = queuedFolders_;
        queuedFolders_.clear();
        queuedIndexAll_ = false;
        startIndexing(next);
    } else if (queuedIndexAll_) {
        queuedIndexAll_ = false;
        startIndexing({});
    }
    updateWatch();
}

void LibraryPage::updateWatch() {
    const bool wanted = settings_.watchFolders() && !overview_.folders.isEmpty() && overview_.error.isEmpty() &&
                        !job_.isRunning() && !indexAfterWatch_ && !settings_.effectiveModelPath().isEmpty();
    if (wanted && !watch_->isRunning() && !restartWatch_) {
        WatchRequest request;
        request.libraryDir = settings_.libraryDir();
        request.modelPath = settings_.effectiveModelPath();
        request.threads = settings_.threads();
        watchError_ = {};
        coverage_.reset();
        watch_->start(request);
    } else if (!wanted && watch_->isRunning()) {
        watch_->stop();
    }
    showWatchState();
}

void LibraryPage::restartWatch() {
    if (!watch_->isRunning()) return updateWatch();
    restartWatch_ = true;
    watch_->stop();
}

void LibraryPage::onWatchFinished(const TranslatableText& error) {
    coverage_.reset();
    watchError_ = error;
    restartWatch_ = false;
    if (indexAfterWatch_) {  // the watch starts again when that run ends
        const QStringList folders = *indexAfterWatch_;
        indexAfterWatch_.reset();
        startIndexing(folders);
    } else if (error.isEmpty()) {
        updateWatch();
    }
    showWatchState();
}

QString LibraryPage::watchStatusText() const { return watchLabel_->text(); }

void LibraryPage::showWatchState() {
    watchLabel_->setVisible(!overview_.folders.isEmpty());
    if (!settings_.watchFolders()) {
        watchLabel_->showMessage(translatable([] {
            return tr("Folders are not watched (turned off in Settings): use Re-scan folders after changing them.");
        }));
    } else if (!watchError_.isEmpty()) {
        watchLabel_->showMessage(translatable([error = watchError_] {
            return tr("Folders are not watched: %1").arg(error.toString());
        }));
    } else if (!coverage_) {
        watchLabel_->showMessage(job_.isRunning() || indexAfterWatch_
                                     ? translatable([] { return tr("Watching the folders resumes when indexing ends."); })
                                     : translatable([] { return tr("Starting to watch the folders…"); }));
    } else {
        watchLabel_->showMessage(translatable([c = *coverage_, folders = int(overview_.folders.size())] {
            const QLocale locale;
            const int present = std::max(0, folders - int(c.missingRoots.size()));
            QString text;
            if (c.unwatchedFolders == 0) {
                text = tr("Watching %n folder(s) (%1 subfolders) for changes: new, changed, moved and deleted photos "
                          "are indexed a few seconds after they settle.", nullptr, present)
                           .arg(locale.toString(std::max<qint64>(0, c.watchedFolders - present)));
            } else {
                text = tr("Watching %1 of %2 folders (at most %3 watches: half the system limit of %4); the other %5 "
                          "are rescanned every 10 minutes. Why: %6")
                           .arg(locale.toString(qint64(c.watchedFolders)),
                                locale.toString(qint64(c.watchedFolders + c.unwatchedFolders)),
                                locale.toString(qulonglong(c.watchCap)), locale.toString(qulonglong(c.systemLimit)),
                                locale.toString(qint64(c.unwatchedFolders)), QString::fromStdString(c.reason));
            }
            for (const auto& missing : c.missingRoots)
                text += QStringLiteral(" ") + tr("Not found: %1 (its photos are kept until it returns).")
                                               .arg(QDir::toNativeSeparators(QString::fromStdString(missing)));
            return text;
        }));
    }
}

void LibraryPage::removeSelectedFolder() {
    const QModelIndexList rows = folderView_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return;
    const QString folder = folders_->folderAt(rows.first().row());
    const auto answer = QMessageBox::question(
        this, tr("Remove folder"),
        tr("Remove %1 and its photos from the library? The files on disk are not touched.").arg(QDir::toNativeSeparators(folder)));
    if (answer == QMessageBox::Yes) removeFolder(folder);
}

void LibraryPage::removeFolder(const QString& folder) {
    if (job_.isRunning()) return;
    removeButton_->setEnabled(false);
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, folder] {
        watcher->deleteLater();
        const QString error = watcher->result();
        if (!error.isEmpty()) {
            Q_EMIT statusMessage(translatable([error] { return tr("The folder could not be removed: %1").arg(error); }));
            QMessageBox::warning(this, tr("Remove folder"), tr("The folder could not be removed: %1").arg(error));
        } else {
            Q_EMIT statusMessage(translatable([folder = QDir::toNativeSeparators(folder)] {
                return tr("Removed %1 from the library.").arg(folder);
            }));
        }
        refresh();
        Q_EMIT libraryChanged();
        restartWatch();  // without the folder
    });
    watcher->setFuture(QtConcurrent::run(forgetLibraryFolder, settings_.libraryDir(), folder));
}

void LibraryPage::dragEnterEvent(QDragEnterEvent* event) {
    if (!localFolders(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void LibraryPage::dropEvent(QDropEvent* event) {
    const QStringList folders = localFolders(event->mimeData());
    if (folders.isEmpty()) return;
    event->acceptProposedAction();
    addFolders(folders);
}

}  // namespace clipdesk::ui
