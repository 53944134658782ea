// Drives the real MainWindow offscreen: first run (bundled model, empty library), adding a
// folder and indexing it on the worker thread (with a file that fails), searching and "find
// similar", thumbnails from the disk cache, drag data, preview, training started / stopped /
// resumed, "Use this model", switching the language, settings persistence, screenshots of
// every page (saved into the build folder and checked not blank), and closing the window
// during an index run.

#include "ui_test_main.h"
#include "jobs/index_job.h"
#include "jobs/training_job.h"
#include "main_window.h"
#include "models/failed_photo_model.h"
#include "models/folder_table_model.h"
#include "models/pair_preview_model.h"
#include "models/search_result_model.h"
#include "pages/library_page.h"
#include "pages/search_page.h"
#include "pages/settings_page.h"
#include "pages/training_page.h"
#include "services/run_folders.h"
#include "settings/app_settings.h"
#include "settings/language_switcher.h"
#include "shared_data.h"
#include "thumbnails/thumbnail_cache.h"
#include "ui_test_files.h"
#include "widgets/photo_grid_view.h"
#include "widgets/photo_preview_dialog.h"
#include "widgets/training_chart.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QStandardPaths>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace clipdesk::ui;

namespace {

constexpr int kIndexTimeoutMs = 300000;

QString screenshotDir() { return QDir(CLIPDESK_BINARY_DIR).filePath("tests/ui/screenshots"); }

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    AppSettings* settings_ = nullptr;
    LanguageSwitcher* languages_ = nullptr;
    MainWindow* window_ = nullptr;
    QString model_;
    QString photosDir_;
    QStringList photos_;
    bool realPhotos_ = false;

    bool waitIndexed() {
        QSignalSpy finished(window_->indexJob(), &IndexJob::finished);
        QSignalSpy overview(window_->libraryPage(), &LibraryPage::overviewChanged);
        if (!finished.wait(kIndexTimeoutMs)) return false;
        const auto outcome = finished.at(0).at(0).value<IndexOutcome>();
        if (!outcome.error.isEmpty()) qWarning("index error: %s", qPrintable(outcome.error.toString()));
        return overview.wait(30000);
    }

    bool waitSearch() {
        QSignalSpy done(window_->searchPage(), &SearchPage::searchFinished);
        return done.wait(120000);
    }

    void saveScreenshot(MainWindow::Page page, const QString& name) {
        window_->showPage(page);
        window_->statusBar()->clearMessage();
        QApplication::processEvents();
        QTest::qWait(200);
        const QImage shot = window_->grab().toImage();
        QDir().mkpath(screenshotDir());
        const QString path = QDir(screenshotDir()).filePath(name + ".png");
        QVERIFY(shot.save(path));
        const double variance = clipdesk::test::greyVariance(shot);
        QVERIFY2(variance > 50, qPrintable(QString("%1 looks blank (grey variance %2)").arg(path).arg(variance)));
        qInfo("screenshot %s (%dx%d, grey variance %.0f)", qPrintable(path), shot.width(), shot.height(), variance);
    }

    // Sends a drag-enter and a drop of `urls` to `target`, as a file manager would; returns
    // whether the target accepted the drop.
    static bool dropUrls(QWidget* target, const QList<QUrl>& urls) {
        QMimeData mime;
        mime.setUrls(urls);
        const QPoint at = target->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &enter);
        if (!enter.isAccepted()) return false;
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &drop);
        return drop.isAccepted();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString shared = QString::fromStdString(clipdesk::test::syntheticModelDir().string());
        const QString sharedPhotos = QString::fromStdString(clipdesk::test::samplePhotosDir().string());
        photosDir_ = dir_.filePath("photos");
        QDir().mkpath(photosDir_);
        if (QFileInfo::exists(shared + "/model.safetensors") && QFileInfo(sharedPhotos).isDir()) {
            model_ = shared;
            for (const QString& name : QDir(sharedPhotos).entryList({"*.png", "*.jpg"}, QDir::Files, QDir::Name)) {
                QVERIFY(QFile::copy(QDir(sharedPhotos).filePath(name), QDir(photosDir_).filePath(name)));
                photos_ << QDir(photosDir_).filePath(name);
            }
            realPhotos_ = true;
        } else {
            qInfo("reference data not found (%s): using the bundled clipdesk-mini and generated photos",
                  qPrintable(shared));
            photos_ = clipdesk::test::writeGeneratedPhotos(photosDir_, 4, 96);
        }
        QCOMPARE(photos_.size(), 4);
        // A file that is not an image: indexing must record it as failed and go on.
        QFile broken(QDir(photosDir_).filePath("broken.jpg"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("this is not a JPEG");
        broken.close();

        settings_ = new AppSettings;
        settings_->setLibraryDir(dir_.filePath("library"));
        languages_ = new LanguageSwitcher;
        languages_->apply("en");
        window_ = new MainWindow(*settings_, *languages_);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_));
    }

    void cleanupTestCase() {
        delete window_;
        delete languages_;
        delete settings_;
    }

    void firstRunUsesTheBundledModelAndOffersToAddAFolder() {
        QVERIFY(settings_->configuredModelPath().isEmpty());
        QVERIFY2(settings_->usesBundledModel(), "the bundled clipdesk-mini was not found");
        QVERIFY(settings_->effectiveModelPath().endsWith("clipdesk-mini"));
        QTRY_VERIFY(window_->libraryPage()->overview().dir == settings_->libraryDir());
        QVERIFY(window_->libraryPage()->emptyState()->isVisible());
        QVERIFY(window_->libraryPage()->findChild<QWidget*>("failedBox")->isHidden());  // no empty failures table
        auto* notice = window_->searchPage()->findChild<QLabel*>("searchNotice");
        QVERIFY(notice);
        QTRY_VERIFY(notice->text().contains("The library is empty"));
        QVERIFY(notice->isVisible() || window_->tabs()->currentIndex() != MainWindow::SearchTab);
        QVERIFY(notice->text().contains("clipdesk-mini"));
        QVERIFY(notice->text().contains("Fashion-MNIST"));
        QVERIFY(notice->text().contains("The library is empty"));
        saveScreenshot(MainWindow::LibraryTab, "first-run-library");
        saveScreenshot(MainWindow::SearchTab, "first-run-search");
        QVERIFY(AppSettings::defaultLibraryDir().startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
        if (!model_.isEmpty()) settings_->setConfiguredModelPath(model_);
        else model_ = settings_->effectiveModelPath();
    }

    void addingAFolderIndexesItOnAWorkerThread() {
        QSignalSpy progress(window_->indexJob(), &IndexJob::progressChanged);
        window_->libraryPage()->addFolders({photosDir_});
        QVERIFY(window_->indexJob()->isRunning());
        // Listed at once while its first run goes on.
        auto* listed = window_->libraryPage()->folderModel();
        QCOMPARE(listed->rowCount(), 1);
        QCOMPARE(listed->data(listed->index(0, FolderTableModel::StateColumn), Qt::DisplayRole).toString(),
                 QString("Being added…"));
        QVERIFY(waitIndexed());
        QVERIFY(progress.count() >= 2);
        bool sawEncoding = false;
        for (const auto& args : progress) {
            const auto status = args.at(0).value<clipdesk::JobProgress>();
            // Four photos and the broken file are encoded (the broken one fails while decoding).
            if (status.stage == clipdesk::JobStage::Encoding && status.total == 5) sawEncoding = true;
        }
        QVERIFY(sawEncoding);
        auto* folders = window_->libraryPage()->folderModel();
        QCOMPARE(folders->rowCount(), 1);
        const FolderSummary folder = folders->folders().at(0);
        QCOMPARE(folder.path, QFileInfo(photosDir_).canonicalFilePath());
        QCOMPARE(folder.indexed, qint64(4));
        QCOMPARE(folder.failed, qint64(1));
        QCOMPARE(folders->data(folders->index(0, FolderTableModel::StateColumn), Qt::DisplayRole).toString(),
                 QString("Up to date"));
        auto* failures = window_->libraryPage()->failureModel();
        QCOMPARE(failures->rowCount(), 1);
        QVERIFY(QString::fromStdString(failures->failures().at(0).path).endsWith("broken.jpg"));
        QVERIFY(!failures->failures().at(0).reason.empty());
        QVERIFY(!window_->libraryPage()->findChild<QWidget*>("failedBox")->isHidden());
        QVERIFY(!window_->libraryPage()->emptyState()->isVisible());
        QCOMPARE(QFileInfo(window_->libraryPage()->overview().modelPath).canonicalFilePath(), QFileInfo(model_).canonicalFilePath());
    }

    void findSimilarReturnsThePhotoItselfFirst() {
        for (const QString& photo : photos_) {
            window_->searchPage()->findSimilar(photo);
            QVERIFY(waitSearch());
            QVERIFY2(window_->searchPage()->lastError().isEmpty(), qPrintable(window_->searchPage()->lastError()));
            auto* results = window_->searchPage()->resultModel();
            QCOMPARE(results->rowCount(), 4);
            QCOMPARE(QFileInfo(results->pathAt(0)).canonicalFilePath(), QFileInfo(photo).canonicalFilePath());
            QVERIFY2(std::abs(results->scoreAt(0) - 1.0f) < 1e-4f, qPrintable(QString::number(results->scoreAt(0))));
            for (int row = 1; row < results->rowCount(); ++row) QVERIFY(results->scoreAt(row) <= results->scoreAt(row - 1));
        }
    }

    void textSearchRanksEveryPhotoAndReportsSyntaxErrors() {
        auto* page = window_->searchPage();
        page->queryEdit()->setText("a photo of a cat +coffee -rocket");
        QTest::keyClick(page->queryEdit(), Qt::Key_Return);
        QVERIFY(waitSearch());
        QVERIFY2(page->lastError().isEmpty(), qPrintable(page->lastError()));
        auto* results = page->resultModel();
        QCOMPARE(results->rowCount(), 4);
        for (int row = 1; row < 4; ++row) QVERIFY(results->scoreAt(row) <= results->scoreAt(row - 1));
        QVERIFY(page->queryEdit()->toolTip().contains("beach +sunset -people"));
        QVERIFY(page->queryEdit()->toolTip().contains("^w"));

        page->searchText("beach^");  // a weight without a number
        QVERIFY(waitSearch());
        QVERIFY(!page->lastError().isEmpty());
        QCOMPARE(results->rowCount(), 0);

        // The folder filter: a folder outside the library finds nothing, "All folders" everything.
        auto* filter = page->findChild<QComboBox*>("folderFilter");
        QCOMPARE(filter->count(), 2);
        filter->setCurrentIndex(1);
        page->findSimilar(photos_.at(1));
        QVERIFY(waitSearch());
        QCOMPARE(results->rowCount(), 4);
        filter->setCurrentIndex(0);
    }

    void ctrlFFocusesTheQuery() {
        window_->showPage(MainWindow::LibraryTab);
        window_->activateWindow();
        QTest::keyClick(window_, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(window_->tabs()->currentIndex(), int(MainWindow::SearchTab));
        QTRY_VERIFY(window_->searchPage()->queryEdit()->hasFocus());
    }

    void thumbnailsLoadInTheBackgroundIntoTheDiskCache() {
        window_->searchPage()->findSimilar(photos_.at(0));
        QVERIFY(waitSearch());
        auto* results = window_->searchPage()->resultModel();
        ThumbnailCache* cache = window_->thumbnails();
        for (int row = 0; row < results->rowCount(); ++row) results->data(results->index(row), Qt::DecorationRole);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int row = 0; row < results->rowCount(); ++row)
                    if (cache->find(results->pathAt(row)).isNull()) return false;
                return true;
            }(),
            30000);
        for (int row = 0; row < results->rowCount(); ++row) {
            const QString path = results->pathAt(row);
            const QPixmap thumb = cache->find(path);
            QVERIFY(thumb.width() <= cache->size() && thumb.height() <= cache->size());
            QVERIFY(std::max(thumb.width(), thumb.height()) == std::min(cache->size(), std::max(QImageReader(path).size().width(), QImageReader(path).size().height())));
            const QString file = cache->cacheFileFor(path);
            QVERIFY2(QFileInfo::exists(file + ".jpg") || QFileInfo::exists(file + ".png"), qPrintable(file));
        }
        // A second cache over the same folder answers from disk.
        const QImage fromDisk = ThumbnailCache::loadOrCreate(results->pathAt(0), cache->cacheFileFor(results->pathAt(0)), cache->size());
        QVERIFY(!fromDisk.isNull());
    }

    void droppingAnImageFindsPhotosLikeIt() {
        // A copy outside the library is encoded with the library's model: same pixels, score 1.
        const QString outside = dir_.filePath("outside");
        QDir().mkpath(outside);
        const QString copy = QDir(outside).filePath("copy-" + QFileInfo(photos_.at(2)).fileName());
        QVERIFY(QFile::copy(photos_.at(2), copy));
        QSignalSpy done(window_->searchPage(), &SearchPage::searchFinished);
        QVERIFY(dropUrls(window_->searchPage(), {QUrl::fromLocalFile(copy)}));
        QVERIFY(done.wait(120000));
        QVERIFY2(window_->searchPage()->lastError().isEmpty(), qPrintable(window_->searchPage()->lastError()));
        auto* results = window_->searchPage()->resultModel();
        QCOMPARE(QFileInfo(results->pathAt(0)).canonicalFilePath(), QFileInfo(photos_.at(2)).canonicalFilePath());
        QVERIFY2(results->scoreAt(0) > 0.999f, qPrintable(QString::number(results->scoreAt(0))));
        // Something that is not an image is refused.
        QVERIFY(!dropUrls(window_->searchPage(), {QUrl::fromLocalFile(dir_.filePath("photos"))}));
    }

    void resultsDragOutAsFileUrlsAndPreview() {
        auto* results = window_->searchPage()->resultModel();
        QVERIFY(results->rowCount() > 0);
        QVERIFY(results->flags(results->index(0)) & Qt::ItemIsDragEnabled);
        std::unique_ptr<QMimeData> mime(results->mimeData({results->index(0), results->index(1)}));
        QCOMPARE(mime->urls().size(), 2);
        QCOMPARE(mime->urls().at(0).toLocalFile(), results->pathAt(0));

        auto* grid = window_->searchPage()->resultView();
        grid->setFocus();
        grid->setCurrentIndex(results->index(0));
        QSignalSpy loaded(window_->searchPage()->previewDialog(), &PhotoPreviewDialog::loaded);
        QTest::keyClick(grid, Qt::Key_Space);
        QVERIFY(loaded.wait(30000));
        const QImage image = window_->searchPage()->previewDialog()->image();
        QCOMPARE(image.size(), QImageReader(results->pathAt(0)).size());
        window_->searchPage()->previewDialog()->close();
    }

    void searchPageScreenshot() {
        window_->searchPage()->queryEdit()->setText("a photo of a cat");
        window_->searchPage()->search();
        QVERIFY(waitSearch());
        auto* results = window_->searchPage()->resultModel();
        QTRY_VERIFY_WITH_TIMEOUT(!window_->thumbnails()->find(results->pathAt(0)).isNull(), 30000);
        saveScreenshot(MainWindow::SearchTab, "search");
        saveScreenshot(MainWindow::LibraryTab, "library");
        saveScreenshot(MainWindow::SettingsTab, "settings");
    }

    void trainingRunsTwoStepsAndOffersTheModel() {
        const QString data = dir_.filePath("pairs");
        const QString pairs = clipdesk::test::writeTinyPairs(data, 16);
        const auto bundled = AppSettings().effectiveModelPath();  // settings share QSettings
        auto* page = window_->trainingPage();
        QSignalSpy previewed(page, &TrainingPage::pairPreviewReady);
        page->setPairsPath(pairs);
        QVERIFY(previewed.wait(30000));
        // 8 of the 16 pairs, spread over the file: the first and the last are among them.
        QCOMPARE(page->pairPreview()->rowCount(), 8);
        QVERIFY(page->pairPreview()->index(0).data(Qt::DisplayRole).toString().endsWith("number 0"));
        QVERIFY(page->pairPreview()->index(7).data(Qt::DisplayRole).toString().endsWith("number 15"));
        QVERIFY(!page->pairPreview()->index(7).data(Qt::DecorationRole).isNull());
        QVERIFY2(page->pairPreviewSummary()->text().startsWith("16 pair"), qPrintable(page->pairPreviewSummary()->text()));
        const QString bundledMini = QDir(CLIPDESK_SOURCE_DIR).filePath("models/clipdesk-mini");
        page->setBaseModel(bundledMini);
        page->setOutputFolder(dir_.filePath("run"));
        page->setEpochs(1);
        page->setBatchSize(6);  // 16 pairs, 4 held out: 12 for training = 2 steps
        page->setValidationSplit(0.25);
        page->setWarmupSteps(1);
        page->setLogEvery(1);
        QVERIFY(!page->findChild<QLabel*>("deviceLabel")->text().isEmpty());
        // "Use all GPUs of this machine" is offered only where LibTorch sees more than one.
        QCOMPARE(page->findChild<QCheckBox*>("allGpusCheck")->isVisibleTo(page), TrainingJob::visibleGpus() > 1);
        QSignalSpy finished(window_->trainingJob(), &TrainingJob::finished);
        window_->showPage(MainWindow::TrainingTab);
        QTest::mouseClick(page->findChild<QPushButton*>("startTrainingButton"), Qt::LeftButton);
        QVERIFY(window_->trainingJob()->isRunning());
        QVERIFY(finished.wait(300000));
        const auto outcome = page->lastOutcome();
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error.toString()));
        QCOMPARE(outcome.steps, qint64(2));
        QVERIFY(!outcome.stopped);
        QCOMPARE(page->chart()->lossPointCount(), 2);
        QCOMPARE(page->chart()->recallPointCount(), 1);
        // A readable log; the 1-step warm-up is capped to 10% of the 2 steps, and the run is
        // called too short to learn.
        const QString log = page->log()->toPlainText();
        QVERIFY2(log.contains("Step 2 of 2 (epoch 1): loss "), qPrintable(log));
        QVERIFY2(log.contains("Warning: warm-up of 1 steps is more than 10% of the run's 2 steps; using 0"), qPrintable(log));
        QVERIFY2(log.contains("Warning: only 2 steps: too short to learn much"), qPrintable(log));
        QVERIFY(!log.contains("{\""));
        QVERIFY2(page->findChild<QLabel*>("trainingProgressLabel")->text().startsWith("Done: step 2 of 2"),
                 qPrintable(page->findChild<QLabel*>("trainingProgressLabel")->text()));
        // The next Start goes to a new folder rather than over this model.
        QVERIFY(holdsTrainingRun(dir_.filePath("run")));
        QCOMPARE(freshRunFolder(dir_.filePath("run")), dir_.filePath("run-2"));
        QVERIFY(QFileInfo::exists(dir_.filePath("run/model.safetensors")));
        QVERIFY(page->useModelButton()->isEnabled());
        saveScreenshot(MainWindow::TrainingTab, "training");

        const QString before = settings_->configuredModelPath();
        QVERIFY(page->reindexButton()->isHidden());
        QTest::mouseClick(page->useModelButton(), Qt::LeftButton);
        QCOMPARE(settings_->configuredModelPath(), dir_.filePath("run"));
        QVERIFY(!page->reindexButton()->isHidden());
        settings_->setConfiguredModelPath(before);
        Q_UNUSED(bundled);
    }

    // The same set-up checks as `clipdesk-cli train` (core's prepareTraining): a vocabulary that
    // does not fit the model is refused before anything trains.
    void vocabularyThatDoesNotFitTheModelIsRefused() {
        const QString mini = QDir(CLIPDESK_SOURCE_DIR).filePath("models/clipdesk-mini");
        const QString model = dir_.filePath("mini-with-another-vocab");
        QVERIFY(QDir().mkpath(model));
        QVERIFY(QFile::copy(mini + "/model.safetensors", model + "/model.safetensors"));
        QVERIFY(QFile::copy(mini + "/config.json", model + "/config.json"));
        QFile vocab(model + "/vocab.txt");  // a WordPiece vocabulary, but not the model's 21,128 tokens
        QVERIFY(vocab.open(QIODevice::WriteOnly));
        vocab.write("[PAD]\n[UNK]\n[CLS]\n[SEP]\nshirt\n");
        vocab.close();
        TrainingRequest request = window_->trainingPage()->request();
        request.baseModel = model;
        request.outDir = dir_.filePath("never-trained");
        QSignalSpy finished(window_->trainingJob(), &TrainingJob::finished);
        QVERIFY(window_->trainingJob()->start(request));
        QVERIFY(finished.wait(120000));
        const auto outcome = finished.at(0).at(0).value<TrainingOutcome>();
        QVERIFY2(outcome.error.toString().contains("vocab.txt: vocabulary of 5 tokens does not fit"),
                 qPrintable(outcome.error.toString()));
        QCOMPARE(outcome.steps, qint64(0));
        QVERIFY(!QFile::exists(dir_.filePath("never-trained/model.safetensors")));
    }

    void badPairsFileIsExplainedBeforeTraining() {
        const QString bad = dir_.filePath("bad-pairs.csv");
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Text));
        file.write("image,caption\nmissing-photo.jpg,a photo that is not there\n");
        file.close();
        auto* page = window_->trainingPage();
        const QString good = page->request().pairsPath;
        QSignalSpy previewed(page, &TrainingPage::pairPreviewReady);
        page->setPairsPath(bad);
        QVERIFY(previewed.wait(30000));
        const QString text = page->pairPreviewSummary()->text();
        QVERIFY2(text.contains("bad-pairs.csv:2") && text.contains("missing-photo.jpg"), qPrintable(text));
        QCOMPARE(page->pairPreview()->rowCount(), 0);
        page->setPairsPath(good);  // the next test trains on the good pairs again
    }

    void trainingStopsWithACheckpointAndResumes() {
        auto* page = window_->trainingPage();
        page->setOutputFolder(dir_.filePath("long-run"));
        page->setEpochs(500);
        QSignalSpy progress(window_->trainingJob(), &TrainingJob::progressChanged);
        QSignalSpy finished(window_->trainingJob(), &TrainingJob::finished);
        page->startTraining();
        QVERIFY(progress.wait(300000));
        page->stopTraining();
        QVERIFY(finished.wait(300000));
        const auto stopped = page->lastOutcome();
        QVERIFY2(stopped.error.isEmpty(), qPrintable(stopped.error.toString()));
        QVERIFY(stopped.stopped);
        QVERIFY(stopped.steps >= 1 && stopped.steps < 1000);
        QVERIFY(!page->useModelButton()->isEnabled());

        progress.clear();
        finished.clear();
        page->resumeTraining();
        QVERIFY(progress.wait(300000));
        const auto firstResumed = progress.at(0).at(0).value<clipdesk::TrainingProgress>();
        QVERIFY2(firstResumed.step > stopped.steps,
                 qPrintable(QString("resumed at step %1 after stopping at %2").arg(firstResumed.step).arg(stopped.steps)));
        page->stopTraining();
        QVERIFY(finished.wait(300000));
        QVERIFY(page->lastOutcome().stopped);
        // The status counts the run's steps, not this session's.
        const QString status = page->findChild<QLabel*>("trainingProgressLabel")->text();
        QVERIFY2(status.startsWith(QString("Stopped at step %1 of ").arg(page->lastStep())), qPrintable(status));
        QVERIFY(page->lastStep() > stopped.steps);
    }

    void languageSwitchTranslatesTheWindow() {
        auto* tabs = window_->tabs();
        QCOMPARE(tabs->tabText(MainWindow::SearchTab), QString("Search"));
        // Messages already on screen before the switch: a search's summary, the last index
        // outcome and a status-bar message.
        window_->showPage(MainWindow::SearchTab);
        auto* search = window_->searchPage();
        search->searchText("a photo of a cat");
        QVERIFY(waitSearch());
        auto* searchStatus = search->findChild<QLabel*>("searchStatus");
        QVERIFY2(searchStatus->text().startsWith("4 photo(s) for “a photo of a cat” in "), qPrintable(searchStatus->text()));
        auto* indexStatus = window_->libraryPage()->findChild<QLabel*>("indexProgressLabel");
        QVERIFY2(indexStatus->text().startsWith("Done in "), qPrintable(indexStatus->text()));
        search->copyPaths({0});
        QCOMPARE(window_->statusBar()->currentMessage(), QString("Copied 1 path(s)"));

        window_->settingsPage()->chooseLanguage("zh_CN");
        QCOMPARE(settings_->language(), QString("zh_CN"));
        QCOMPARE(languages_->current(), QString("zh_CN"));
        // Translators announce themselves with a LanguageChange event to every widget.
        QTRY_COMPARE(tabs->tabText(MainWindow::SearchTab), QString::fromUtf8("搜索"));
        QCOMPARE(tabs->tabText(MainWindow::LibraryTab), QString::fromUtf8("图库"));
        QCOMPARE(window_->trainingPage()->findChild<QPushButton*>("startTrainingButton")->text(), QString::fromUtf8("开始"));
        QVERIFY(window_->searchPage()->queryEdit()->toolTip().contains(QString::fromUtf8("查询语法")));
        auto* folders = window_->libraryPage()->folderModel();
        QCOMPARE(folders->headerData(0, Qt::Horizontal, Qt::DisplayRole).toString(), QString::fromUtf8("文件夹"));
        QVERIFY2(searchStatus->text().contains(QString::fromUtf8("秒内找到 4 张匹配“a photo of a cat”的照片")),
                 qPrintable(searchStatus->text()));
        QVERIFY2(indexStatus->text().startsWith(QString::fromUtf8("用时 ")) &&
                     indexStatus->text().contains(QString::fromUtf8("新增 ")),
                 qPrintable(indexStatus->text()));
        QCOMPARE(window_->statusBar()->currentMessage(), QString::fromUtf8("已复制 1 个路径"));
        saveScreenshot(MainWindow::SearchTab, "search-zh_CN");
        window_->settingsPage()->chooseLanguage("en");
        QTRY_COMPARE(tabs->tabText(MainWindow::SearchTab), QString("Search"));
        QVERIFY2(searchStatus->text().startsWith("4 photo(s) for “a photo of a cat” in "), qPrintable(searchStatus->text()));
        QVERIFY2(indexStatus->text().startsWith("Done in "), qPrintable(indexStatus->text()));
        // "" follows the system locale, which resolves to a language Clipdesk has.
        QVERIFY(LanguageSwitcher::resolve("") == "en" || LanguageSwitcher::resolve("") == "zh_CN");
    }

    void settingsPersist() {
        settings_->setThreads(3);
        settings_->setLanguage("en");
        // ~/.config/clipdesk.conf, as the README says (not "Unknown Organization/clipdesk.conf").
        QCOMPARE(AppSettings::settingsFile(), QDir(qEnvironmentVariable("XDG_CONFIG_HOME")).filePath("clipdesk.conf"));
        QVERIFY(QFileInfo::exists(AppSettings::settingsFile()));
        AppSettings reread;
        QCOMPARE(reread.threads(), 3);
        QCOMPARE(reread.libraryDir(), dir_.filePath("library"));
        QCOMPARE(reread.configuredModelPath(), settings_->configuredModelPath());
        settings_->setThreads(0);
    }

    void changingTheModelPromptsToReindex() {
        const QString before = settings_->configuredModelPath();
        settings_->setConfiguredModelPath(dir_.filePath("run"));
        auto* notice = window_->libraryPage()->findChild<QLabel*>("libraryModelNotice");
        QVERIFY(notice->text().contains("Re-index"));
        QCOMPARE(window_->libraryPage()->findChild<QPushButton*>("indexButton")->text(), QString("Re-index with the new model"));
        settings_->setConfiguredModelPath(before);
        QVERIFY(!notice->text().contains("Re-index"));
    }

    void droppingAFolderOnTheLibraryPageAddsIt() {
        const QString dropped = dir_.filePath("dropped");
        clipdesk::test::writeGeneratedPhotos(dropped, 2, 64, "dropped");
        QSignalSpy finished(window_->indexJob(), &IndexJob::finished);
        QSignalSpy overview(window_->libraryPage(), &LibraryPage::overviewChanged);
        QVERIFY(dropUrls(window_->libraryPage(), {QUrl::fromLocalFile(dropped)}));
        QVERIFY(finished.wait(kIndexTimeoutMs));
        // Listed at once ("Being added…"), then with its counts once the run has ended.
        const auto indexed = [this] {
            qint64 n = 0;
            for (const auto& f : window_->libraryPage()->folderModel()->folders()) n += f.indexed;
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(indexed(), qint64(6), 30000);
        QCOMPARE(window_->libraryPage()->folderModel()->rowCount(), 2);
        // A file is not a folder: the page refuses it.
        QVERIFY(!dropUrls(window_->libraryPage(), {QUrl::fromLocalFile(photos_.at(0))}));
    }

    void closingDuringIndexingCancelsAndKeepsFinishedBatches() {
        // A second library: 96 photos, indexed in batches of 32.
        settings_->setLibraryDir(dir_.filePath("library-2"));
        const QString many = dir_.filePath("many");
        clipdesk::test::writeGeneratedPhotos(many, 96, 64, "many");
        QSignalSpy progress(window_->indexJob(), &IndexJob::progressChanged);
        QSignalSpy finished(window_->indexJob(), &IndexJob::finished);
        window_->libraryPage()->addFolders({many});
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto& args : progress) {
                    const auto s = args.at(0).value<clipdesk::JobProgress>();
                    if (s.stage == clipdesk::JobStage::Encoding && s.done > 0) return true;
                }
                return false;
            }(),
            kIndexTimeoutMs);
        window_->close();  // asks the job to stop; the window stays open until it has
        QVERIFY(finished.count() > 0 || window_->isVisible());
        QVERIFY(finished.count() > 0 || finished.wait(kIndexTimeoutMs));
        QTRY_VERIFY(!window_->isVisible());
        const auto outcome = finished.at(0).at(0).value<IndexOutcome>();
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error.toString()));
        const LibraryOverview after = readLibraryOverview(dir_.filePath("library-2"));
        QVERIFY(after.exists);
        QVERIFY2(after.indexedCount >= 32, qPrintable(QString::number(after.indexedCount)));
        // The synthetic model needs seconds per batch, so the close lands mid-run.
        if (realPhotos_) QVERIFY(outcome.summary.cancelled);
        if (outcome.summary.cancelled) QVERIFY(after.indexedCount < 96);
        qInfo("closed during indexing: %lld of 96 photos kept (cancelled: %d)", static_cast<long long>(after.indexedCount),
              int(outcome.summary.cancelled));
    }
};

int main(int argc, char* argv[]) { return clipdesk::test::runGuiTest<TestMainWindow>(argc, argv, "clipdesk-test"); }

#include "test_main_window.moc"
