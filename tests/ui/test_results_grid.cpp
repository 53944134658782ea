// The results grid as a user sees it, on the real MainWindow offscreen with the bundled
// clipdesk-mini: photos of every shape (portrait, landscape, square, a 28-pixel one) are
// indexed, searched twice, then the language is switched. Every visible tile must then keep
// its thumbnail and both caption lines inside its fixed cell, with the name and the score as
// caption text, and small photos scaled up to the thumbnail's square (what the delegate
// painted is checked, not pixels). Also: the thumbnail-size slider, Down/Up between the query
// and the grid, Left/Right in the preview, and the Search page naming the library's model.
// An empty query shows the library as a timeline: full-width month headers between the photos,
// dates on the tiles and in the preview, a date-range filter and the sort order.

#include "ui_test_main.h"
#include "jobs/index_job.h"
#include "main_window.h"
#include "models/search_result_model.h"
#include "pages/library_page.h"
#include "pages/search_page.h"
#include "pages/settings_page.h"
#include "settings/app_settings.h"
#include "settings/language_switcher.h"
#include "ui_test_files.h"
#include "text/photo_date_text.h"
#include "widgets/photo_grid_view.h"
#include "widgets/photo_preview_dialog.h"
#include "widgets/photo_tile_delegate.h"
#include "widgets/shortcut_help.h"
#include "widgets/thumbnail_size_slider.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QApplication>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <sys/time.h>

using namespace clipdesk::ui;

namespace {

constexpr int kIndexTimeoutMs = 300000;

QString screenshotDir() { return QDir(CLIPDESK_BINARY_DIR).filePath("tests/ui/screenshots"); }

// A photo of `size` with a frame and a diagonal, so that its thumbnail is not blank.
QString writePhoto(const QString& dir, const QString& name, QSize size, QColor colour) {
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    QPainter painter(&image);
    painter.setPen(QPen(Qt::white, std::max(1, size.width() / 20)));
    painter.drawRect(image.rect().adjusted(1, 1, -2, -2));
    painter.drawLine(0, 0, size.width(), size.height());
    painter.end();
    const QString path = QDir(dir).filePath(name);
    if (!image.save(path)) qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Dates the file by its modification time (these PNGs record no date of their own).
void setFileTime(const QString& path, const QDateTime& when) {
    const timeval times[2] = {{static_cast<time_t>(when.toSecsSinceEpoch()), 0},
                              {static_cast<time_t>(when.toSecsSinceEpoch()), 0}};
    if (::utimes(QFile::encodeName(path).constData(), times) != 0) qFatal("cannot date %s", qPrintable(path));
}

}  // namespace

class TestResultsGrid : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    AppSettings* settings_ = nullptr;
    LanguageSwitcher* languages_ = nullptr;
    MainWindow* window_ = nullptr;
    QString photosDir_;

    SearchPage* page() const { return window_->searchPage(); }
    PhotoGridView* grid() const { return page()->resultView(); }
    SearchResultModel* results() const { return page()->resultModel(); }

    bool search(const QString& query) {
        QSignalSpy done(page(), &SearchPage::searchFinished);
        page()->searchText(query);
        return done.wait(120000) && page()->lastError().isEmpty();
    }

    // Repaints the grid once every result's thumbnail is in memory, then checks each visible
    // tile as painted.
    void checkVisibleTiles(const char* when) {
        QTRY_VERIFY_WITH_TIMEOUT(
            [this] {
                for (int row = 0; row < results()->rowCount(); ++row) {
                    const QModelIndex index = results()->index(row);
                    results()->data(index, Qt::DecorationRole);  // asks for it
                    if (results()->data(index, SearchResultModel::ThumbnailRole).value<QPixmap>().isNull()) return false;
                }
                return true;
            }(),
            30000);
        auto* delegate = grid()->tileDelegate();
        delegate->forgetPainted();
        grid()->viewport()->repaint();
        const QRect viewport = grid()->viewport()->rect();
        const int side = grid()->thumbnailSize();
        int checked = 0, elided = 0, selected = 0;
        QList<QRect> cells;
        for (int row = 0; row < results()->rowCount(); ++row) {
            const QModelIndex index = results()->index(row);
            const QRect cell = grid()->visualRect(index);
            if (!cell.intersects(viewport)) continue;
            const QString at = QStringLiteral("%1, row %2").arg(QLatin1String(when)).arg(row);
            const PaintedTile* tile = delegate->paintedTile(row);
            QVERIFY2(tile, qPrintable(at + ": not painted"));
            QCOMPARE(tile->layout.cell, cell);
            QCOMPARE(cell.size(), grid()->gridSize());
            for (const QRect& other : cells) QVERIFY2(!other.intersects(cell), qPrintable(at + ": tiles overlap"));
            cells << cell;
            QVERIFY2(cell.contains(tile->layout.thumbnail), qPrintable(at));
            QCOMPARE(tile->layout.thumbnail.width(), side);
            QCOMPARE(tile->layout.thumbnail.height(), side);
            QVERIFY2(tile->layout.thumbnail.contains(tile->image), qPrintable(at));
            QVERIFY2(cell.contains(tile->layout.nameLine) && cell.contains(tile->layout.scoreLine), qPrintable(at));
            QVERIFY2(!tile->layout.nameLine.intersects(tile->layout.thumbnail), qPrintable(at));
            QVERIFY2(!tile->layout.scoreLine.intersects(tile->layout.nameLine), qPrintable(at));
            // Aspect-fit and scaled up: the photo's longer side fills the thumbnail's square.
            QVERIFY2(std::max(tile->image.width(), tile->image.height()) >= side - 1,
                     qPrintable(at + QStringLiteral(": image %1x%2 in a %3 px square")
                                         .arg(tile->image.width()).arg(tile->image.height()).arg(side)));
            // A selected tile is highlighted as a whole, not behind its caption only.
            if (grid()->selectionModel()->isSelected(index)) {
                QVERIFY2(tile->selection.contains(tile->layout.thumbnail) &&
                             tile->selection.contains(tile->layout.nameLine) &&
                             tile->selection.contains(tile->layout.scoreLine) && cell.contains(tile->selection),
                         qPrintable(at + ": selection not on the whole tile"));
                ++selected;
            } else {
                QVERIFY2(tile->selection.isEmpty(), qPrintable(at));
            }
            // The whole name when it fits the tile's width, else elided in the middle only.
            const QString name = QFileInfo(results()->pathAt(row)).fileName();
            if (grid()->fontMetrics().horizontalAdvance(name) <= tile->layout.nameLine.width()) {
                QCOMPARE(tile->nameText, name);
            } else {
                QVERIFY2(tile->nameText.contains(QChar(0x2026)) && tile->nameText.startsWith(name.left(2)) &&
                             tile->nameText.endsWith(name.right(2)),
                         qPrintable(at + ": " + tile->nameText));
                ++elided;
            }
            QVERIFY2(tile->scoreText.startsWith(QString::number(results()->scoreAt(row), 'f', 3)),
                     qPrintable(at + ": " + tile->scoreText));
            ++checked;
        }
        QVERIFY2(checked >= std::min(4, int(results()->rowCount())), qPrintable(QString::number(checked)));
        QCOMPARE(selected, int(grid()->selectionModel()->selectedIndexes().size()));
        qInfo("%s: %d visible tiles of %d px checked (%d names elided, %d selected)", when, checked, side, elided,
              selected);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        photosDir_ = dir_.filePath("photos");
        QDir().mkpath(photosDir_);
        writePhoto(photosDir_, "portrait_tall_photo.png", {90, 180}, QColor(200, 60, 60));
        writePhoto(photosDir_, "landscape_wide.png", {240, 120}, QColor(60, 160, 60));
        writePhoto(photosDir_, "square.png", {150, 150}, QColor(60, 60, 200));
        writePhoto(photosDir_, "tiny_28px.png", {28, 28}, QColor(200, 160, 40));
        writePhoto(photosDir_, "IMG_20240512_183015.jpg", {120, 160}, QColor(120, 60, 160));
        writePhoto(photosDir_, "panorama.png", {300, 80}, QColor(40, 160, 160));
        for (const char* name : {"landscape_wide.png", "square.png", "tiny_28px.png"})
            setFileTime(QDir(photosDir_).filePath(name), QDateTime(QDate(2023, 3, 10), QTime(12, 0)));
        for (const char* name : {"IMG_20240512_183015.jpg", "panorama.png"})
            setFileTime(QDir(photosDir_).filePath(name), QDateTime(QDate(2021, 11, 5), QTime(9, 30)));
        settings_ = new AppSettings;
        settings_->setLibraryDir(dir_.filePath("library"));
        QVERIFY2(settings_->usesBundledModel(), "the bundled clipdesk-mini was not found");
        languages_ = new LanguageSwitcher;
        languages_->apply("en");
        window_ = new MainWindow(*settings_, *languages_);
        window_->resize(1100, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_));
        QSignalSpy finished(window_->indexJob(), &IndexJob::finished);
        window_->libraryPage()->addFolders({photosDir_});
        QVERIFY(finished.wait(kIndexTimeoutMs));
        QVERIFY2(finished.at(0).at(0).value<IndexOutcome>().error.isEmpty(),
                 qPrintable(finished.at(0).at(0).value<IndexOutcome>().error.toString()));
        QTRY_COMPARE_WITH_TIMEOUT(window_->libraryPage()->overview().indexedCount, qint64(6), 30000);
        window_->showPage(MainWindow::SearchTab);
    }

    void cleanupTestCase() {
        delete window_;
        delete languages_;
        delete settings_;
    }

    void tilesStayInsideTheirCellsAfterTwoSearchesAndALanguageSwitch() {
        QVERIFY(search("a photo of a shirt"));
        QCOMPARE(results()->rowCount(), 6);
        checkVisibleTiles("first search");
        QVERIFY(search("a photo of a shirt"));  // the same query again: the broken case
        grid()->selectRow(2);
        checkVisibleTiles("second search, a photo selected");
        window_->settingsPage()->chooseLanguage("zh_CN");
        QTRY_COMPARE(window_->tabs()->tabText(MainWindow::SearchTab), QString::fromUtf8("搜索"));
        window_->showPage(MainWindow::SearchTab);
        QApplication::processEvents();
        checkVisibleTiles("after switching to Chinese");
        window_->settingsPage()->chooseLanguage("en");
        QTRY_COMPARE(window_->tabs()->tabText(MainWindow::SearchTab), QString("Search"));
    }

    void thumbnailSliderResizesEveryCell() {
        auto* slider = page()->findChild<ThumbnailSizeSlider*>("thumbnailSizeSlider");
        QVERIFY(slider);
        const QSize before = grid()->gridSize();
        slider->setValue(96);
        QCOMPARE(settings_->thumbnailSize(), 96);
        QCOMPARE(grid()->thumbnailSize(), 96);
        QVERIFY(grid()->gridSize().height() < before.height());
        QApplication::processEvents();
        checkVisibleTiles("96 px thumbnails");
        slider->setValue(224);
        QApplication::processEvents();
        checkVisibleTiles("224 px thumbnails");
        slider->setValue(160);
        QApplication::processEvents();
        window_->statusBar()->clearMessage();
        QTest::qWait(200);
        QDir().mkpath(screenshotDir());
        const QString path = QDir(screenshotDir()).filePath("search-grid.png");
        QVERIFY(window_->grab().toImage().save(path));
        qInfo("screenshot %s", qPrintable(path));
    }

    void keyboardMovesBetweenQueryGridAndPreview() {
        QVERIFY(search("a photo of a shirt"));  // a new search: its best photo is current
        window_->activateWindow();
        page()->focusQuery();
        QTRY_VERIFY(page()->queryEdit()->hasFocus());
        QTest::keyClick(page()->queryEdit(), Qt::Key_Down);
        QTRY_VERIFY(grid()->hasFocus());
        QCOMPARE(grid()->currentIndex().row(), 0);
        QVERIFY(grid()->selectionModel()->isSelected(results()->index(0)));
        QTest::keyClick(grid(), Qt::Key_Space);
        auto* preview = page()->previewDialog();
        QTRY_VERIFY(preview->isVisible());
        QCOMPARE(preview->path(), results()->pathAt(0));
        QTest::keyClick(preview, Qt::Key_Right);
        QCOMPARE(preview->path(), results()->pathAt(1));
        QCOMPARE(grid()->currentIndex().row(), 1);
        QTest::keyClick(preview, Qt::Key_Left);
        QCOMPARE(preview->path(), results()->pathAt(0));
        QTest::keyClick(preview, Qt::Key_Left);  // nothing before the first photo
        QCOMPARE(preview->path(), results()->pathAt(0));
        QTest::keyClick(preview, Qt::Key_Space);
        QTRY_VERIFY(!preview->isVisible());
        window_->activateWindow();
        grid()->setFocus();
        QTest::keyClick(grid(), Qt::Key_Up);  // on the first row: back to the query
        QTRY_VERIFY(page()->queryEdit()->hasFocus());
        QCOMPARE(page()->queryEdit()->text(), QString("a photo of a shirt"));
    }

    void emptyQueryShowsATimelineWithMonthHeaders() {
        QVERIFY(search(QString()));
        QVERIFY(grid()->isSectioned());
        // Newest first: this month (1 photo), March 2023 (3), November 2021 (2), each after its header.
        const QList<int> headers = {0, 2, 6};
        QCOMPARE(results()->rowCount(), 9);
        for (int row = 0; row < results()->rowCount(); ++row)
            QCOMPARE(results()->isHeader(row), headers.contains(row));
        const QString march = QLocale().toString(QDate(2023, 3, 1), QStringLiteral("MMMM yyyy"));
        QCOMPARE(results()->data(results()->index(2), SearchResultModel::HeaderRole).toString(),
                 QStringLiteral("%1 · 3 photo(s)").arg(march));
        QCOMPARE(results()->pathAt(2), QString());
        QVERIFY(!(results()->flags(results()->index(2)) & Qt::ItemIsSelectable));
        QApplication::processEvents();
        grid()->viewport()->repaint();
        // A header takes the whole width; the month's photos start on the next line, at the left.
        const QRect header = grid()->visualRect(results()->index(2));
        const QRect first = grid()->visualRect(results()->index(3));
        const QSize cell = PhotoTileLayout::cellSize(grid()->thumbnailSize(), grid()->fontMetrics());
        QVERIFY2(header.width() >= grid()->viewport()->width() - 40, qPrintable(QString::number(header.width())));
        QVERIFY(first.top() >= header.bottom());
        QCOMPARE(first.left(), grid()->visualRect(results()->index(1)).left());
        QCOMPARE(first.size(), cell);
        QCOMPARE(grid()->visualRect(results()->index(4)).top(), first.top());  // same row
        // Tiles show the date (a file's, labelled so) instead of a score; so does the preview.
        const PhotoHit* hit = results()->hitAt(3);
        QVERIFY(hit && !hit->scored && hit->dateFromFile);
        QCOMPARE(hit->date.left(10), QString("2023-03-10"));
        const QString tileDate = shortDateText(hit->date, true);
        QVERIFY(tileDate.contains(QLocale().toString(QDate(2023, 3, 10), QLocale::ShortFormat)));
        QCOMPARE(results()->data(results()->index(3), SearchResultModel::ScoreTextRole).toString(), tileDate);
        page()->previewRow(3);
        QVERIFY(page()->previewDialog()->dateText().startsWith("File modified"));
        page()->previewDialog()->close();
        QDir().mkpath(screenshotDir());
        QVERIFY(window_->grab().toImage().save(QDir(screenshotDir()).filePath("search-timeline.png")));

        // The date range keeps November 2021 only; oldest first flips the order.
        QSignalSpy done(page(), &SearchPage::searchFinished);
        page()->dateFromEdit()->setDate(QDate(2021, 1, 1));
        page()->dateToEdit()->setDate(QDate(2021, 12, 31));
        page()->dateFilterCheck()->setChecked(true);  // runs the last search again
        QVERIFY(done.wait(60000));
        QCOMPARE(results()->rowCount(), 3);
        QVERIFY(results()->isHeader(0));
        QCOMPARE(results()->hits().size(), 2);
        for (const PhotoHit& h : results()->hits()) QCOMPARE(h.date.left(7), QString("2021-11"));
        page()->dateFilterCheck()->setChecked(false);
        QVERIFY(done.wait(60000));
        page()->sortCombo()->setCurrentIndex(page()->sortCombo()->findData(int(clipdesk::ResultOrder::OldestFirst)));
        QVERIFY(search(QString()));
        QCOMPARE(results()->hits().first().date.left(7), QString("2021-11"));

        // A query sorted by date is a timeline of its best results; by score it is a plain grid.
        QVERIFY(search("a photo of a shirt"));
        QVERIFY(grid()->isSectioned());
        QCOMPARE(results()->hits().size(), 6);
        QVERIFY(results()->hitAt(1)->scored);
        QVERIFY(results()->data(results()->index(1), SearchResultModel::ScoreTextRole).toString().startsWith(
            QString::number(results()->scoreAt(1), 'f', 3)));
        page()->sortCombo()->setCurrentIndex(0);
        QVERIFY(search("a photo of a shirt"));
        QVERIFY(!grid()->isSectioned());
        QCOMPARE(results()->rowCount(), 6);
    }

    void helpListsTheShortcuts() {
        auto* action = window_->findChild<QAction*>("shortcutsAction");
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(QKeySequence::HelpContents));
        QCOMPARE(action->text(), QString("&Keyboard shortcuts"));
        const QString list = shortcutListHtml();
        for (const char* key : {"Ctrl+F", "Space", "Ctrl+C", "→ / ←", "R, Delete"})
            QVERIFY2(list.contains(QString::fromUtf8(key)), key);
    }

    void searchNamesTheLibraryModelAndWhatToDoWhenSettingsDiffer() {
        auto* notice = page()->noticeLabel();
        QTRY_VERIFY(notice->text().contains("Searching with"));
        QVERIFY(notice->text().contains("clipdesk-mini"));
        QVERIFY(!notice->text().contains("Settings name another model"));
        const QString other = dir_.filePath("another-model");
        QDir().mkpath(other);
        settings_->setConfiguredModelPath(other);
        QVERIFY2(notice->text().contains("Settings name another model"), qPrintable(notice->text()));
        QVERIFY(notice->text().contains(QDir::toNativeSeparators(other)));
        QVERIFY(notice->text().contains("re-index"));
        QVERIFY(notice->text().contains("Fashion-MNIST"));  // the library still searches with the demo model
        settings_->setConfiguredModelPath(QString());
        QVERIFY(!notice->text().contains("Settings name another model"));
    }
};

int main(int argc, char* argv[]) { return clipdesk::test::runGuiTest<TestResultsGrid>(argc, argv, "clipdesk-test-results-grid"); }
#include "test_results_grid.moc"
