#include "main_window.h"

#include "jobs/index_job.h"
#include "jobs/tagging_job.h"
#include "jobs/training_job.h"
#include "pages/duplicates_page.h"
#include "pages/library_page.h"
#include "pages/search_page.h"
#include "pages/settings_page.h"
#include "pages/tags_page.h"
#include "pages/training_page.h"
#include "services/search_service.h"
#include "settings/app_settings.h"
#include "settings/language_switcher.h"
#include "thumbnails/thumbnail_cache.h"
#include "widgets/message_status_bar.h"
#include "widgets/shortcut_help.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QIcon>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <QStatusBar>
#include <QTabWidget>
#include <QThreadPool>

namespace clipdesk::ui {

MainWindow::MainWindow(AppSettings& settings, LanguageSwitcher& languages, QWidget* parent)
    : QMainWindow(parent), settings_(settings), languages_(languages) {
    setObjectName("mainWindow");
    setWindowIcon(QIcon(":/icons/clipdesk.svg"));
    indexJob_ = new IndexJob(this);
    trainingJob_ = new TrainingJob(this);
    taggingJob_ = new TaggingJob(this);
    taggingJob_->setLibrary(settings_.libraryDir(), settings_.threads());
    searchService_ = new SearchService;
    thumbnails_ = new ThumbnailCache(160, QString(), this);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName("pages");
    tabs_->setDocumentMode(true);
    libraryPage_ = new LibraryPage(settings_, *indexJob_, tabs_);
    searchPage_ = new SearchPage(settings_, *searchService_, *thumbnails_, tabs_);
    tagsPage_ = new TagsPage(settings_, *taggingJob_, *thumbnails_, tabs_);
    trainingPage_ = new TrainingPage(settings_, *trainingJob_, tabs_);
    settingsPage_ = new SettingsPage(settings_, tabs_);
    tabs_->addTab(libraryPage_, QString());
    tabs_->addTab(searchPage_, QString());
    tabs_->addTab(tagsPage_, QString());
    tabs_->addTab(trainingPage_, QString());
    tabs_->addTab(settingsPage_, QString());
    setCentralWidget(tabs_);
    statusBar_ = new MessageStatusBar(this);
    setStatusBar(statusBar_);

    connect(libraryPage_, &LibraryPage::statusMessage, this, &MainWindow::showStatus);
    // A message belongs to the page it was shown on: switching pages clears it.
    connect(tabs_, &QTabWidget::currentChanged, statusBar(), &QStatusBar::clearMessage);
    connect(searchPage_, &SearchPage::statusMessage, this, &MainWindow::showStatus);
    connect(trainingPage_, &TrainingPage::statusMessage, this, &MainWindow::showStatus);
    connect(trainingPage_, &TrainingPage::reindexRequested, this, [this] {
        showPage(LibraryTab);
        libraryPage_->indexAll();
    });
    connect(tagsPage_, &TagsPage::statusMessage, this, &MainWindow::showStatus);
    connect(libraryPage_, &LibraryPage::overviewChanged, tagsPage_, &TagsPage::setLibraryOverview);
    // Tagging and decisions change the library's tags: the Search page's tag filter follows.
    connect(tagsPage_, &TagsPage::tagsChanged, searchPage_, &SearchPage::refreshTagFilter);
    connect(libraryPage_, &LibraryPage::overviewChanged, searchPage_, &SearchPage::setLibraryOverview);
    connect(libraryPage_, &LibraryPage::libraryChanged, this, &MainWindow::onLibraryChanged);
    connect(&settings_, &AppSettings::libraryDirChanged, this, &MainWindow::onLibraryChanged);
    connect(&settings_, &AppSettings::threadsChanged, this, [this] {
        searchService_->invalidate();
        taggingJob_->setLibrary(settings_.libraryDir(), settings_.threads());
    });
    connect(&settings_, &AppSettings::libraryDirChanged, this,
            [this] { taggingJob_->setLibrary(settings_.libraryDir(), settings_.threads()); });
    connect(&settings_, &AppSettings::languageChanged, this, [this] { languages_.apply(settings_.language()); });
    connect(indexJob_, &IndexJob::finished, this, &MainWindow::closeWhenJobsStopped);
    connect(trainingJob_, &TrainingJob::finished, this, &MainWindow::closeWhenJobsStopped);
    connect(taggingJob_, &TaggingJob::finished, this, &MainWindow::closeWhenJobsStopped);

    createMenus();
    for (int i = 0; i < tabs_->count(); ++i) {
        auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)), this);
        connect(shortcut, &QShortcut::activated, this, [this, i] { tabs_->setCurrentIndex(i); });
    }
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        showPage(SearchTab);
        searchPage_->focusQuery();
    });

    resize(1200, 800);
    if (!settings_.windowGeometry().isEmpty()) restoreGeometry(settings_.windowGeometry());
    if (!settings_.windowState().isEmpty()) restoreState(settings_.windowState());
    retranslateUi();
    statusBar_->showMessage(settings_.usesBundledModel()
                                ? translatable([] {
                                      return tr("Using the bundled demo model clipdesk-mini (clothing only); choose a "
                                                "real CLIP model in Settings.");
                                  })
                                : translatable([] { return tr("Ready"); }));
}

MainWindow::~MainWindow() {
    // Jobs are children: their destructors stop and wait. The search service may be in use
    // by a search still running on the thread pool: wait for it first.
    QThreadPool::globalInstance()->waitForDone();
    delete searchService_;
}

void MainWindow::createMenus() {
    auto* file = menuBar()->addMenu(QString());
    file->setObjectName("fileMenu");
    auto* addFolder = file->addAction(QString(), libraryPage_, &LibraryPage::chooseFolderToAdd);
    addFolder->setObjectName("addFolderAction");
    addFolder->setShortcut(QKeySequence::Open);
    auto* duplicates = file->addAction(QString(), this, &MainWindow::showDuplicates);
    duplicates->setObjectName("findDuplicatesAction");
    file->addSeparator();
    auto* quit = file->addAction(QString(), this, &QWidget::close);
    quit->setObjectName("quitAction");
    quit->setShortcut(QKeySequence::Quit);
    auto* help = menuBar()->addMenu(QString());
    help->setObjectName("helpMenu");
    auto* shortcuts = help->addAction(QString(), this, [this] {
        QMessageBox::information(this, tr("Keyboard shortcuts"), shortcutListHtml());
    });
    shortcuts->setObjectName("shortcutsAction");
    shortcuts->setShortcut(QKeySequence::HelpContents);
    auto* about = help->addAction(QString(), this, [this] {
        QMessageBox::about(this, tr("About Clipdesk"),
                           tr("<b>Clipdesk %1</b><p>Search and label your photos with CLIP, on your own machine.</p>")
                               .arg(QApplication::applicationVersion()));
    });
    about->setObjectName("aboutAction");
}

void MainWindow::retranslateUi() {
    setWindowTitle(tr("Clipdesk"));
    tabs_->setTabText(LibraryTab, tr("Library"));
    tabs_->setTabText(SearchTab, tr("Search"));
    tabs_->setTabText(TagsTab, tr("Tags"));
    tabs_->setTabText(TrainingTab, tr("Training"));
    tabs_->setTabText(SettingsTab, tr("Settings"));
    for (int i = 0; i < tabs_->count(); ++i) tabs_->setTabToolTip(i, tr("Ctrl+%1").arg(i + 1));
    const auto menus = menuBar()->findChildren<QMenu*>(QString(), Qt::FindDirectChildrenOnly);
    for (QMenu* menu : menus) {
        if (menu->objectName() == "fileMenu") menu->setTitle(tr("&File"));
        if (menu->objectName() == "helpMenu") menu->setTitle(tr("&Help"));
        for (QAction* action : menu->actions()) {
            if (action->objectName() == "addFolderAction") action->setText(tr("&Add folder…"));
            if (action->objectName() == "quitAction") action->setText(tr("&Quit"));
            if (action->objectName() == "findDuplicatesAction") action->setText(tr("Find &near-duplicates…"));
            if (action->objectName() == "aboutAction") action->setText(tr("&About Clipdesk"));
            if (action->objectName() == "shortcutsAction") action->setText(tr("&Keyboard shortcuts"));
        }
    }
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::showPage(Page page) { tabs_->setCurrentIndex(page); }

void MainWindow::showDuplicates() {
    if (!duplicatesPage_) {
        duplicatesPage_ = new DuplicatesPage(settings_, *thumbnails_, this);
        duplicatesPage_->setWindowFlag(Qt::Window);
        duplicatesPage_->resize(1100, 750);
        connect(duplicatesPage_, &DuplicatesPage::libraryChanged, this, &MainWindow::onLibraryChanged);
    }
    duplicatesPage_->show();
    duplicatesPage_->raise();
    duplicatesPage_->findDuplicates();
}

void MainWindow::showStatus(const TranslatableText& message) { statusBar_->showMessage(message, 15000); }

void MainWindow::onLibraryChanged() {
    searchService_->invalidate();
    taggingJob_->invalidate();
    libraryPage_->refresh();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    settings_.setWindowGeometry(saveGeometry());
    settings_.setWindowState(saveState());
    if (indexJob_->isRunning() || trainingJob_->isRunning() || taggingJob_->isRunning()) {
        // Let the jobs stop cleanly (the indexer commits its batch, training saves a
        // checkpoint) without blocking the GUI thread; close when they have.
        closing_ = true;
        indexJob_->cancel();
        trainingJob_->stop();
        taggingJob_->cancel();
        showStatus(tr("Stopping the running jobs before closing…"));
        event->ignore();
        return;
    }
    event->accept();
}

void MainWindow::closeWhenJobsStopped() {
    if (closing_ && !indexJob_->isRunning() && !trainingJob_->isRunning() && !taggingJob_->isRunning()) close();
}

}  // namespace clipdesk::ui
