#pragma once
// Clipdesk's main window: one tab per page (Library, Search, Tags, Training, Settings), a
// status bar, shortcuts (Ctrl+F search, Ctrl+1..5 pages), saved geometry and state. Owns
// the jobs and services the pages share. Closing while indexing, training or tagging cancels
// the job and closes once it has stopped (finished batches and a checkpoint are kept).

#include "text/translatable_text.h"

#include <QMainWindow>

class QTabWidget;

namespace clipdesk::ui {

class AppSettings;
class DuplicatesPage;
class IndexJob;
class LanguageSwitcher;
class LibraryPage;
class MessageStatusBar;
class SearchPage;
class SearchService;
class SettingsPage;
class TaggingJob;
class TagsPage;
class ThumbnailCache;
class TrainingJob;
class TrainingPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page { LibraryTab, SearchTab, TagsTab, TrainingTab, SettingsTab };

    MainWindow(AppSettings& settings, LanguageSwitcher& languages, QWidget* parent = nullptr);
    ~MainWindow() override;

    QTabWidget* tabs() const { return tabs_; }
    LibraryPage* libraryPage() const { return libraryPage_; }
    SearchPage* searchPage() const { return searchPage_; }
    TagsPage* tagsPage() const { return tagsPage_; }
    TrainingPage* trainingPage() const { return trainingPage_; }
    SettingsPage* settingsPage() const { return settingsPage_; }
    IndexJob* indexJob() const { return indexJob_; }
    TrainingJob* trainingJob() const { return trainingJob_; }
    TaggingJob* taggingJob() const { return taggingJob_; }
    ThumbnailCache* thumbnails() const { return thumbnails_; }

    void showPage(Page page);
    // The near-duplicate review, in its own window (opened on first use), searching afresh.
    void showDuplicates();
    DuplicatesPage* duplicatesPage() const { return duplicatesPage_; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void createMenus();
    void showStatus(const TranslatableText& message);
    void onLibraryChanged();
    void closeWhenJobsStopped();

    AppSettings& settings_;
    LanguageSwitcher& languages_;
    IndexJob* indexJob_;
    TrainingJob* trainingJob_;
    TaggingJob* taggingJob_;
    SearchService* searchService_;
    ThumbnailCache* thumbnails_;
    QTabWidget* tabs_;
    LibraryPage* libraryPage_;
    SearchPage* searchPage_;
    TagsPage* tagsPage_;
    TrainingPage* trainingPage_;
    SettingsPage* settingsPage_;
    DuplicatesPage* duplicatesPage_ = nullptr;
    MessageStatusBar* statusBar_;
    bool closing_ = false;
};

}  // namespace clipdesk::ui
