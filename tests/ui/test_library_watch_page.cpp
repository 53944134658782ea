// The Library page's folder watch, as a user sees it: after a folder is indexed the page says
// what it watches, a photo added on disk is indexed in the background and the page refreshes
// (libraryChanged, the folder's count), and turning the setting off stops the watch and says so.

#include "ui_test_main.h"
#include "jobs/index_job.h"
#include "models/folder_table_model.h"
#include "pages/library_page.h"
#include "settings/app_settings.h"
#include "ui_test_files.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace clipdesk::ui;

class TestLibraryWatchPage : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void watchesIndexesInTheBackgroundAndTurnsOff() {
        AppSettings settings;
        if (settings.effectiveModelPath().isEmpty()) QSKIP("no bundled model (models/clipdesk-mini) found");
        QVERIFY(settings.watchFolders());  // on by default
        settings.setLibraryDir(dir_.filePath("library"));
        const QString photos = dir_.filePath("photos");
        clipdesk::test::writeGeneratedPhotos(photos, 3, 64, "first");
        IndexJob job;
        LibraryPage page(settings, job);
        QSignalSpy finished(&job, &IndexJob::finished);
        page.addFolders({photos});
        QVERIFY(finished.wait(120000));

        QTRY_VERIFY_WITH_TIMEOUT(page.isWatching() && page.watchStatusText().startsWith("Watching 1 folder"), 20000);
        QVERIFY2(page.watchStatusText().contains("(0 subfolders)"), qPrintable(page.watchStatusText()));

        QSignalSpy changed(&page, &LibraryPage::libraryChanged);
        clipdesk::test::writeGeneratedPhotos(photos, 1, 64, "later");
        QTRY_VERIFY_WITH_TIMEOUT(changed.count() > 0, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!page.folderModel()->folders().isEmpty() &&
                                     page.folderModel()->folders().at(0).indexed == 4,
                                 10000);
        QCOMPARE(finished.count(), 1);  // the background run is not a manual one

        settings.setWatchFolders(false);
        QTRY_VERIFY_WITH_TIMEOUT(!page.isWatching(), 10000);
        QVERIFY2(page.watchStatusText().contains("not watched"), qPrintable(page.watchStatusText()));
    }
};

int main(int argc, char* argv[]) {
    return clipdesk::test::runGuiTest<TestLibraryWatchPage>(argc, argv, "clipdesk-test-watch");
}
#include "test_library_watch_page.moc"
