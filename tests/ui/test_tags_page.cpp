// Drives the Tags page of the real MainWindow offscreen: a folder of the sample photos is
// indexed, then tagged with a small user vocabulary through the page's widgets. Checks the tag
// list's counts against the database, that a rejected tag survives a re-run, the threshold
// slider's live preview and Apply (only the cut-off goes to the worker, which kept the label's
// scores), tag by example from two photos, CSV and XMP export (with a
// malformed sidecar), the Search page's tag filter and the preview's tag list, a vocabulary
// with a duplicate label (line-numbered error, nothing run), and saves a screenshot.

#include "ui_test_main.h"
#include "job_outcome_wait.h"
#include "jobs/index_job.h"
#include "jobs/tagging_job.h"
#include "main_window.h"
#include "models/search_result_model.h"
#include "models/tag_count_model.h"
#include "models/tag_review_model.h"
#include "pages/library_page.h"
#include "pages/search_page.h"
#include "pages/tags/export_panel.h"
#include "pages/tags/run_panel.h"
#include "pages/tags/tag_review_panel.h"
#include "pages/tags/threshold_panel.h"
#include "pages/tags/vocabulary_panel.h"
#include "pages/tags_page.h"
#include "settings/app_settings.h"
#include "settings/language_switcher.h"
#include "shared_data.h"
#include "thumbnails/thumbnail_cache.h"
#include "ui_test_files.h"
#include "widgets/photo_grid_view.h"
#include "widgets/photo_preview_dialog.h"
#include "widgets/prompt_file_editor.h"

#include "library/library_paths.h"
#include "library/photo_library.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSet>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <map>
#include <set>

using namespace clipdesk::ui;

namespace {

constexpr int kJobTimeoutMs = 300000;

QString screenshotDir() { return QDir(CLIPDESK_BINARY_DIR).filePath("tests/ui/screenshots"); }

void writeFile(const QString& path, const QByteArray& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

}  // namespace

class TestTagsPage : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    AppSettings* settings_ = nullptr;
    LanguageSwitcher* languages_ = nullptr;
    MainWindow* window_ = nullptr;
    QString photosDir_;
    QStringList photos_;
    QString rejectedTag_;
    qint64 rejectedPhoto_ = 0;

    TagsPage* page() const { return window_->tagsPage(); }
    TagReviewModel* model() const { return page()->model(); }
    TagReviewPanel* review() const { return page()->reviewPanel(); }
    TagCountModel* tagModel() const { return review()->tagModel(); }
    SearchResultModel* grid() const { return review()->gridModel(); }
    QSlider* slider() const { return page()->thresholdPanel()->slider(); }
    template <typename Widget>
    Widget* child(const char* objectName) const {
        auto* widget = page()->findChild<Widget*>(objectName);
        if (!widget) qFatal("no %s on the Tags page", objectName);
        return widget;
    }
    QPushButton* runButton() const { return child<QPushButton>("runTaggingButton"); }
    QLabel* statusLabel() const { return page()->runPanel()->statusLabel(); }
    PromptFileEditor* labelsEditor() const { return page()->vocabularyPanel()->labelsEditor(); }

    // The non-rejected tag rows of the library, straight from the database.
    std::vector<clipdesk::TagRecord> databaseTags(bool includeRejected = false) {
        const auto library = clipdesk::PhotoLibrary::openRecords(dir_.filePath("library").toStdString(),
                                                                 clipdesk::LibraryAccess::Read);
        return library->tags().tagsUnder("", includeRejected);
    }

    std::map<QString, qint64> databaseCounts() {
        std::map<QString, qint64> counts;
        for (const auto& r : databaseTags()) ++counts[QString::fromStdString(r.tag)];
        return counts;
    }

    std::map<QString, qint64> modelCounts() const {
        std::map<QString, qint64> counts;
        for (const auto& t : tagModel()->tags())
            if (t.photos > 0) counts[t.tag] = t.photos;
        return counts;
    }

    // Waits for the tagging job to finish a run of `kind` (a threshold preview may run between).
    TaggingOutcome waitJob(TaggingKind kind) {
        return clipdesk::test::waitForOutcome(window_->taggingJob(), &TaggingJob::finished, kind, kJobTimeoutMs, "tagging");
    }

    // Waits until the page shows the database's tags (the page re-reads them after each job).
    bool pageMatchesDatabase() {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000) {
            if (modelCounts() == databaseCounts()) return true;
            QTest::qWait(50);
        }
        return false;
    }

    bool waitLabelScores(const QString& tag) {
        if (!model()->requestSelectTag(tag)) return false;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < kJobTimeoutMs) {
            if (model()->labelScores() && model()->selectedTag() == tag) return true;
            QTest::qWait(50);
        }
        return false;
    }

    void runTaggingWithUserVocabulary() {
        page()->vocabularyPanel()->useVocabulary(dir_.filePath("labels.txt"));
        page()->vocabularyPanel()->useTemplates("single");
        auto* mode = child<QComboBox>("tagModeCombo");
        mode->setCurrentIndex(mode->findData("single"));
        child<QSpinBox>("topKSpin")->setValue(2);
        QTest::mouseClick(runButton(), Qt::LeftButton);
    }

    void selectGridRows(const QList<int>& rows) {
        auto* selection = review()->grid()->selectionModel();
        selection->setCurrentIndex(grid()->index(rows.first()), QItemSelectionModel::NoUpdate);
        selection->clearSelection();
        for (int row : rows) selection->select(grid()->index(row), QItemSelectionModel::Select);
        QCOMPARE(selection->selectedIndexes().size(), rows.size());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString model = QString::fromStdString(clipdesk::test::syntheticModelDir().string());
        const QString sharedPhotos = QString::fromStdString(clipdesk::test::samplePhotosDir().string());
        photosDir_ = dir_.filePath("photos");
        QDir().mkpath(photosDir_);
        settings_ = new AppSettings;
        settings_->setLibraryDir(dir_.filePath("library"));
        if (QFileInfo::exists(model + "/model.safetensors") && QFileInfo(sharedPhotos).isDir()) {
            settings_->setConfiguredModelPath(model);
            for (const QString& name : QDir(sharedPhotos).entryList({"*.png", "*.jpg"}, QDir::Files, QDir::Name)) {
                QVERIFY(QFile::copy(QDir(sharedPhotos).filePath(name), QDir(photosDir_).filePath(name)));
                photos_ << QDir(photosDir_).filePath(name);
            }
        } else {
            qInfo("reference data not found (%s): using the bundled clipdesk-mini and generated photos", qPrintable(model));
            settings_->setConfiguredModelPath(QString());
            photos_ = clipdesk::test::writeGeneratedPhotos(photosDir_, 4, 96);
        }
        QCOMPARE(photos_.size(), 4);
        writeFile(dir_.filePath("labels.txt"), "# a small vocabulary\ncat: kitten\ndog\ncoffee: espresso, latte\n"
                                               "rocket\nperson: astronaut\n");
        languages_ = new LanguageSwitcher;
        languages_->apply("en");
        window_ = new MainWindow(*settings_, *languages_);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_));

        QSignalSpy finished(window_->indexJob(), &IndexJob::finished);
        window_->libraryPage()->addFolders({photosDir_});
        QVERIFY(finished.wait(kJobTimeoutMs));
        QVERIFY2(finished.at(0).at(0).value<IndexOutcome>().error.isEmpty(),
                 qPrintable(finished.at(0).at(0).value<IndexOutcome>().error.toString()));
        // The page learns the library's folders from the Library page.
        auto* folders = child<QListWidget>("tagFolderList");
        QTRY_COMPARE_WITH_TIMEOUT(folders->count(), 1, 30000);
        QCOMPARE(folders->item(0)->checkState(), Qt::Checked);
        window_->showPage(MainWindow::TagsTab);
    }

    void cleanupTestCase() {
        delete window_;
        delete languages_;
        delete settings_;
    }

    void duplicateLabelShowsItsLineAndRunsNothing() {
        const QString bad = dir_.filePath("bad-labels.txt");
        writeFile(bad, "cat\ndog\n# comment\nCat: kitty\n");
        page()->vocabularyPanel()->useVocabulary(bad);
        QCOMPARE(labelsEditor()->editor()->toPlainText(), QString("cat\ndog\n# comment\nCat: kitty\n"));
        QTest::mouseClick(runButton(), Qt::LeftButton);
        QVERIFY(!window_->taggingJob()->isRunning());
        const QString message = statusLabel()->text();
        QVERIFY2(message.contains(bad + ":4: duplicate label \"Cat\"") && message.contains(bad + ":1"), qPrintable(message));
        QVERIFY(databaseTags(true).empty());
        // Editing in place: the editor's Save shows the same check and writes nothing bad.
        labelsEditor()->editor()->setPlainText("sky\nsea\nsky\n");
        QVERIFY(labelsEditor()->save().isEmpty());
        QVERIFY2(labelsEditor()->lastError().contains(bad + ":3: duplicate label \"sky\""),
                 qPrintable(labelsEditor()->lastError()));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("cat\ndog\n# comment\nCat: kitty\n"));
        // A fixed text saves, and the built-in vocabulary saves as a user copy.
        labelsEditor()->editor()->setPlainText("sky\nsea\n");
        QCOMPARE(labelsEditor()->save(), bad);
        page()->vocabularyPanel()->useVocabulary("builtin");
        QVERIFY(labelsEditor()->editor()->toPlainText().contains("\n"));
        labelsEditor()->editor()->appendPlainText("clipdesk test label");
        const QString copy = labelsEditor()->save();
        QVERIFY2(copy.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/prompts/"),
                 qPrintable(copy));
        QCOMPARE(child<QComboBox>("vocabularyCombo")->currentData().toString(), copy);
    }

    void taggingCountsMatchTheDatabase() {
        QSignalSpy progress(window_->taggingJob(), &TaggingJob::progressChanged);
        runTaggingWithUserVocabulary();
        QVERIFY(window_->taggingJob()->isRunning());
        QVERIFY(!runButton()->isEnabled());
        QVERIFY(child<QPushButton>("cancelTaggingButton")->isEnabled());
        const auto outcome = waitJob(TaggingKind::ZeroShot);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error.toString()));
        QCOMPARE(outcome.zeroShot.photos, qint64(4));
        QCOMPARE(outcome.zeroShot.labels, qint64(5));
        QCOMPARE(outcome.zeroShot.written.written, qint64(8));  // single mode, top 2 of 5 labels for each of 4 photos
        // Progress: the five labels are encoded, then the four photos scored.
        int encodedAt = -1, scoredAt = -1;
        for (int i = 0; i < progress.count(); ++i) {
            const auto p = progress.at(i).at(0).value<clipdesk::JobProgress>();
            if (p.stage == clipdesk::JobStage::EncodingLabels && p.total == 5 && p.done == 5) encodedAt = i;
            if (p.stage == clipdesk::JobStage::Scoring && p.total == 4 && p.done == 4) scoredAt = i;
        }
        QVERIFY(encodedAt >= 0 && scoredAt > encodedAt);
        QVERIFY(pageMatchesDatabase());
        qint64 total = 0;
        for (const auto& [tag, count] : databaseCounts()) total += count;
        QCOMPARE(total, qint64(8));
        std::map<qint64, int> perPhoto;
        for (const auto& r : databaseTags()) ++perPhoto[r.photoId];
        QCOMPARE(perPhoto.size(), std::size_t{4});
        for (const auto& [photo, n] : perPhoto) QCOMPARE(n, 2);
        const QSet<QString> vocabulary{"cat", "dog", "coffee", "rocket", "person"};
        for (const auto& t : tagModel()->tags()) QVERIFY2(vocabulary.contains(t.tag), qPrintable(t.tag));
    }

    void rejectedTagStaysRejectedAfterAnotherRun() {
        rejectedTag_ = tagModel()->tagAt(0);
        review()->tagList()->setCurrentIndex(tagModel()->index(0));
        QCOMPARE(model()->selectedTag(), rejectedTag_);
        const qint64 before = tagModel()->countAt(0);
        QCOMPARE(grid()->rowCount(), int(before));
        selectGridRows({0});
        rejectedPhoto_ = model()->shownPhotoIds().at(0);
        review()->grid()->setFocus();
        QTest::keyClick(review()->grid(), Qt::Key_R);
        const auto isRejected = [&] {
            for (const auto& r : databaseTags(true))
                if (r.photoId == rejectedPhoto_ && QString::fromStdString(r.tag) == rejectedTag_)
                    return r.decision == clipdesk::TagDecision::Rejected;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(isRejected(), 30000);
        QVERIFY(pageMatchesDatabase());
        QCOMPARE(tagModel()->countAt(tagModel()->rowOf(rejectedTag_)), before - 1);
        // The review keeps its place: a selection at the same position, so Right goes on from there.
        QTRY_VERIFY(review()->hasSelection());
        QCOMPARE(review()->grid()->currentIndex().row(), 0);
        if (grid()->rowCount() > 1) {
            QTest::keyClick(review()->grid(), Qt::Key_Right);
            QCOMPARE(review()->grid()->currentIndex().row(), 1);
        }

        runTaggingWithUserVocabulary();
        const auto outcome = waitJob(TaggingKind::ZeroShot);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error.toString()));
        QCOMPARE(outcome.zeroShot.written.kept, qint64(1));  // the run proposed it again and was refused
        QVERIFY(isRejected());
        QVERIFY(pageMatchesDatabase());
        QCOMPARE(tagModel()->countAt(tagModel()->rowOf(rejectedTag_)), before - 1);
    }

    void thresholdSliderPreviewsLiveAndApplyWritesThoseRows() {
        // A label nobody decided on.
        QString tag;
        for (const auto& t : tagModel()->tags())
            if (t.tag != rejectedTag_) tag = t.tag;
        QVERIFY(!tag.isEmpty());
        QVERIFY(waitLabelScores(tag));
        auto* slider = this->slider();
        QVERIFY(slider->isEnabled());
        int previous = 5;
        QMap<int, int> countAt;
        for (int v = slider->minimum(); v <= slider->maximum(); v += 50) {
            slider->setValue(v);
            const int n = model()->passingCount();
            QVERIFY2(n <= previous, qPrintable(QString("%1 photos pass at %2, %3 before").arg(n).arg(v).arg(previous)));
            QCOMPARE(grid()->rowCount(), n);  // the grid shows exactly those
            QVERIFY(page()->thresholdPanel()->label()->text().contains(QString("%1 of 4 photos").arg(n)));
            previous = n;
            countAt.insert(v, n);
        }
        QCOMPARE(countAt.first(), 4);          // the lowest cosine: every photo
        QCOMPARE(countAt.last(), 1);           // the highest: the best photo alone
        // Apply where two or three photos pass.
        int chosen = -1;
        for (auto it = countAt.begin(); it != countAt.end(); ++it)
            if (it.value() >= 2 && it.value() <= 3) chosen = it.key();
        QVERIFY(chosen >= 0);
        slider->setValue(chosen);
        const int passing = model()->passingCount();
        const float cutOff = model()->cutOff();
        QTest::mouseClick(page()->thresholdPanel()->applyButton(), Qt::LeftButton);
        const auto outcome = waitJob(TaggingKind::ApplyThreshold);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error.toString()));
        QCOMPARE(outcome.applied.tagged, qint64(passing));
        QCOMPARE(outcome.applied.written.written, qint64(passing));
        QCOMPARE(outcome.applied.written.kept, qint64(0));
        QVERIFY(pageMatchesDatabase());
        QCOMPARE(databaseCounts()[tag], qint64(passing));
        for (const auto& r : databaseTags())
            if (QString::fromStdString(r.tag) == tag) QVERIFY(r.cosine && *r.cosine >= cutOff - 1e-6);
    }

    void tagByExampleTagsTheExamples() {
        QVERIFY(waitLabelScores(tagModel()->tagAt(0)));
        slider()->setValue(1);
        slider()->setValue(0);  // every photo in the grid
        QCOMPARE(grid()->rowCount(), 4);
        selectGridRows({1, 2});
        const QList<qint64> examples{model()->shownPhotoIds().at(1), model()->shownPhotoIds().at(2)};
        QTest::mouseClick(child<QPushButton>("markExamplesButton"), Qt::LeftButton);
        QCOMPARE(model()->examples().size(), 2);
        child<QLineEdit>("fewShotTagEdit")->setText("favourite");
        QTest::mouseClick(child<QPushButton>("learnTagButton"), Qt::LeftButton);
        const auto outcome = waitJob(TaggingKind::FewShot);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error.toString()));
        QVERIFY(pageMatchesDatabase());
        std::set<qint64> tagged;
        for (const auto& r : databaseTags())
            if (r.tag == "favourite") tagged.insert(r.photoId);
        for (const qint64 id : examples) QVERIFY2(tagged.count(id), qPrintable(QString::number(id)));
        QCOMPARE(tagged.size(), outcome.fewShot.tagged.size());
        QCOMPARE(outcome.fewShot.examples, qint64(2));
        // The review grid shows the learnt tag's photos.
        QTRY_COMPARE(model()->selectedTag(), QString("favourite"));
        QCOMPARE(grid()->rowCount(), int(tagged.size()));
    }

    void exportWritesCsvAndSidecarsWithFailuresListed() {
        const QString csv = dir_.filePath("tags.csv");
        QVERIFY(model()->requestExport("csv", csv));
        auto outcome = waitJob(TaggingKind::Export);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error.toString()));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split("\r\n", Qt::SkipEmptyParts);  // RFC 4180 line ends
        QCOMPARE(lines.first(), QString("path,tag,score,cosine,source,decision,model,template_set"));
        const auto rows = databaseTags();
        QCOMPARE(lines.size() - 1, int(rows.size()));
        for (const auto& r : rows) {
            const QString start = QString::fromStdString(r.path) + "," + QString::fromStdString(r.tag) + ",";
            bool found = false;
            for (const QString& line : lines) found = found || line.startsWith(start);
            QVERIFY2(found, qPrintable(start));
        }
        // The rejected tag is never exported.
        QString rejectedPath;
        for (const auto& r : databaseTags(true))
            if (r.photoId == rejectedPhoto_) rejectedPath = QString::fromStdString(r.path);
        for (const QString& line : lines) QVERIFY(!line.startsWith(rejectedPath + "," + rejectedTag_ + ","));

        // XMP: a malformed sidecar is reported and left as it was; the other photos get theirs.
        const QString broken = photos_.at(0) + ".xmp";
        writeFile(broken, "this is not XMP");
        QVERIFY(model()->requestExport("xmp"));
        outcome = waitJob(TaggingKind::Export);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error.toString()));
        QCOMPARE(outcome.exported.problems.size(), std::size_t{1});
        const QString problem = QString::fromStdString(outcome.exported.problems.at(0).path);
        QVERIFY2(problem == QFileInfo(broken).canonicalFilePath() || problem == photos_.at(0), qPrintable(problem));
        QCOMPARE(outcome.exported.sidecars, qint64(3));
        auto* problems = page()->exportPanel()->problems();
        QCOMPARE(problems->count(), 1);
        QVERIFY(problems->item(0)->text().contains(problem));
        QVERIFY(statusLabel()->text().contains("failed"));
        QFile untouched(broken);
        QVERIFY(untouched.open(QIODevice::ReadOnly));
        QCOMPARE(untouched.readAll(), QByteArray("this is not XMP"));
        for (int i = 1; i < photos_.size(); ++i) QVERIFY(QFileInfo::exists(photos_.at(i) + ".xmp"));
    }

    void searchFilterKeepsOnlyPhotosWithTheTag() {
        auto* search = window_->searchPage();
        auto* filter = search->findChild<QComboBox*>("tagFilter");
        QVERIFY(filter);
        QCOMPARE(filter->itemText(0), QString("Any tag"));
        QTRY_VERIFY_WITH_TIMEOUT(filter->findData("favourite") >= 0, 30000);
        QVERIFY(filter->findData(rejectedTag_) >= 0 || databaseCounts()[rejectedTag_] == 0);
        std::set<QString> favourite;
        for (const auto& r : databaseTags())
            if (r.tag == "favourite") favourite.insert(QString::fromStdString(r.path));
        filter->setCurrentIndex(filter->findData("favourite"));
        QSignalSpy done(search, &SearchPage::searchFinished);
        search->searchText("a photo");
        QVERIFY(done.wait(120000));
        QVERIFY2(search->lastError().isEmpty(), qPrintable(search->lastError()));
        auto* results = search->resultModel();
        QCOMPARE(results->rowCount(), int(favourite.size()));
        for (int row = 0; row < results->rowCount(); ++row) QVERIFY(favourite.count(results->pathAt(row)));
        // The preview lists the photo's tags.
        search->previewRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(search->previewDialog()->tags().contains("favourite"), 30000);
        search->previewDialog()->close();
        filter->setCurrentIndex(0);
        search->searchText("a photo");
        QVERIFY(done.wait(120000));
        QCOMPARE(results->rowCount(), 4);
    }

    void tagsPageScreenshot() {
        QVERIFY(model()->requestSelectTag(tagModel()->tagAt(0)));
        window_->showPage(MainWindow::TagsTab);
        window_->statusBar()->clearMessage();
        auto* grid = this->grid();
        QVERIFY(grid->rowCount() > 0);
        for (int row = 0; row < grid->rowCount(); ++row) grid->data(grid->index(row), Qt::DecorationRole);
        QTRY_VERIFY_WITH_TIMEOUT(!window_->thumbnails()->find(grid->pathAt(0)).isNull(), 30000);
        QTest::qWait(300);
        const QImage shot = window_->grab().toImage();
        QDir().mkpath(screenshotDir());
        const QString path = QDir(screenshotDir()).filePath("tags.png");
        QVERIFY(shot.save(path));
        const double variance = clipdesk::test::greyVariance(shot);
        QVERIFY2(variance > 50, qPrintable(QString("%1 looks blank (grey variance %2)").arg(path).arg(variance)));
        qInfo("screenshot %s (%dx%d, grey variance %.0f)", qPrintable(path), shot.width(), shot.height(), variance);
    }
};

int main(int argc, char* argv[]) { return clipdesk::test::runGuiTest<TestTagsPage>(argc, argv, "clipdesk-test-tags"); }

#include "test_tags_page.moc"
