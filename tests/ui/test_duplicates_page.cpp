// The near-duplicate review (issue 16) offscreen: a library of the shared sample photos, each
// with a quality-50 re-encode and a half-size copy (made here with QImage), indexed with the
// bundled clipdesk-mini. The page's model must hold one group per photo with the original as
// the suggested keeper; tagging and hiding the others through the page's buttons must write the
// `duplicate` tag and the hidden flag; moving one to the trash (confirmed) must put the file in
// the test home's trash and make the library forget it.

#include "shared_data.h"
#include "ui_test_main.h"
#include "job_outcome_wait.h"

#include "application/index_run.h"
#include "jobs/duplicates_job.h"
#include "library/photo_library.h"
#include "models/duplicate_group_model.h"
#include "pages/duplicates_page.h"
#include "settings/app_settings.h"
#include "thumbnails/thumbnail_cache.h"

#include <QApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStorageInfo>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

#include <unistd.h>

using namespace clipdesk;
using namespace clipdesk::ui;

namespace {

constexpr int kJobTimeoutMs = 120000;
const char* const kPhotos[] = {"astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"};

}  // namespace

class TestDuplicatesPage : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    AppSettings* settings_ = nullptr;
    ThumbnailCache* thumbnails_ = nullptr;
    DuplicatesPage* page_ = nullptr;
    QString photosDir_;

    std::unique_ptr<PhotoLibrary> openLibrary() {
        return PhotoLibrary::openRecords(dir_.filePath("library").toStdString(), LibraryAccess::Read);
    }

    DuplicatesOutcome waitJob(DuplicatesKind kind) {
        return clipdesk::test::waitForOutcome(page_->job(), &DuplicatesJob::finished, kind, kJobTimeoutMs, "duplicates");
    }

    // Finds, waits, and returns the result (the page's model then shows it).
    DuplicatesOutcome findNow() {
        page_->findDuplicates();
        auto outcome = waitJob(DuplicatesKind::Find);
        QCoreApplication::processEvents();
        return outcome;
    }

    void selectCells(const QList<QModelIndex>& cells) {
        page_->view()->clearSelection();
        for (const auto& c : cells) page_->view()->selectionModel()->select(c, QItemSelectionModel::Select);
    }

private Q_SLOTS:
    void initTestCase() {
        CLIPDESK_REQUIRE_SHARED(test::samplePhotosDir());
        QVERIFY(dir_.isValid());
        photosDir_ = dir_.filePath("photos");
        QDir().mkpath(photosDir_);
        const QDir shared(QString::fromStdString(test::samplePhotosDir().string()));
        for (const char* name : kPhotos) {
            const QImage image(shared.filePath(name));
            QVERIFY2(!image.isNull(), name);
            const QString stem = QFileInfo(name).completeBaseName();
            QVERIFY(image.save(QDir(photosDir_).filePath(stem + ".jpg"), "JPG", 95));
            QVERIFY(image.save(QDir(photosDir_).filePath(stem + ".q50.jpg"), "JPG", 50));
            QVERIFY(image.scaled(image.size() / 2, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                        .save(QDir(photosDir_).filePath(stem + ".half.jpg"), "JPG", 90));
        }
        IndexRunRequest request;
        request.libraryDir = dir_.filePath("library").toStdString();
        request.folders = {photosDir_.toStdString()};
        request.model.path = std::string(CLIPDESK_SOURCE_DIR) + "/models/clipdesk-mini";
        request.model.precision = "fp32";
        QCOMPARE(runIndex(request, JobControl{}).summary.added, std::int64_t{12});

        settings_ = new AppSettings;
        settings_->setLibraryDir(dir_.filePath("library"));
        thumbnails_ = new ThumbnailCache(96, dir_.filePath("thumbnails"));
        page_ = new DuplicatesPage(*settings_, *thumbnails_);
        page_->resize(1100, 700);
        page_->show();
        QVERIFY(QTest::qWaitForWindowExposed(page_));
    }

    void cleanupTestCase() {
        delete page_;
        delete thumbnails_;
        delete settings_;
    }

    void groupsShowKeepersFirst() {
        const auto outcome = findNow();
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error.toString()));
        auto* model = page_->model();
        QCOMPARE(model->rowCount(), 4);
        QCOMPARE(model->columnCount(), 3);
        QCOMPARE(page_->distanceBox()->value(), outcome.distance.modelDefault);
        for (int row = 0; row < model->rowCount(); ++row) {
            const QString keeper = model->index(row, 0).data(DuplicateGroupModel::PathRole).toString();
            QVERIFY(model->index(row, 0).data(DuplicateGroupModel::KeeperRole).toBool());
            const QString stem = QFileInfo(keeper).fileName().section('.', 0, 0);
            QCOMPARE(QFileInfo(keeper).fileName(), stem + ".jpg");  // the original: full size, larger than q50
            for (int column = 1; column < 3; ++column) {
                const auto cell = model->index(row, column);
                QVERIFY(!cell.data(DuplicateGroupModel::KeeperRole).toBool());
                QCOMPARE(QFileInfo(cell.data(DuplicateGroupModel::PathRole).toString()).fileName().section('.', 0, 0), stem);
                QVERIFY(cell.data(Qt::DisplayRole).toString().contains(QStringLiteral(" × ")));
            }
        }
        // Thumbnails arrive in the background.
        QTRY_VERIFY_WITH_TIMEOUT(!model->index(0, 0).data(Qt::DecorationRole).value<QPixmap>().isNull(), 30000);
    }

    void tagAndHideTheOthers() {
        auto* model = page_->model();
        QCOMPARE(model->rowCount(), 4);
        const qint64 tagged = model->index(0, 1).data(DuplicateGroupModel::PhotoIdRole).toLongLong();
        selectCells({model->index(0, 1)});
        QVERIFY(page_->findChild<QPushButton*>("tagDuplicatesButton")->isEnabled());
        page_->findChild<QPushButton*>("tagDuplicatesButton")->click();
        QCOMPARE(waitJob(DuplicatesKind::Mark).changed, std::int64_t{1});
        QCOMPARE(openLibrary()->tags().photosWithTag("duplicate"), std::vector<std::int64_t>{tagged});
        QVERIFY(waitJob(DuplicatesKind::Find).error.isEmpty());  // the page looks again

        // Hide the others of group 1: that group disappears, the rest stay.
        QCoreApplication::processEvents();
        const QString keeper = model->index(0, 0).data(DuplicateGroupModel::PathRole).toString();
        const QList<qint64> hidden{model->index(0, 1).data(DuplicateGroupModel::PhotoIdRole).toLongLong(),
                                   model->index(0, 2).data(DuplicateGroupModel::PhotoIdRole).toLongLong()};
        selectCells({model->index(0, 1), model->index(0, 2)});
        page_->findChild<QPushButton*>("hideDuplicatesButton")->click();
        QCOMPARE(waitJob(DuplicatesKind::Mark).changed, std::int64_t{2});
        auto stored = openLibrary()->database().hiddenPhotoIds();
        QCOMPARE(QList<qint64>(stored.begin(), stored.end()), hidden);
        QVERIFY(waitJob(DuplicatesKind::Find).error.isEmpty());
        QCoreApplication::processEvents();
        QCOMPARE(model->rowCount(), 3);
        for (int row = 0; row < model->rowCount(); ++row)
            QVERIFY(model->index(row, 0).data(DuplicateGroupModel::PathRole).toString() != keeper);
    }

    void trashAfterConfirmation() {
        auto* model = page_->model();
        QCOMPARE(model->rowCount(), 3);
        const QString path = model->index(0, 2).data(DuplicateGroupModel::PathRole).toString();
        selectCells({model->index(0, 2)});
        // The test home's data folder, where the trash goes (a real home has one).
        QVERIFY(QDir().mkpath(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)));
        // Answer the confirmation with Yes once it shows.
        QTimer::singleShot(200, this, [] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (box) box->button(QMessageBox::Yes)->click();
        });
        page_->trashSelected();
        QCOMPARE(waitJob(DuplicatesKind::ForgetTrashed).changed, std::int64_t{1});
        QVERIFY(!QFileInfo::exists(path));
        // In the test home's trash ($XDG_DATA_HOME/Trash), or the volume's when home is elsewhere.
        const QString name = QFileInfo(path).fileName();
        const QString homeTrash = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/Trash/files/" + name;
        const QString volumeTrash = QStorageInfo(dir_.path()).rootPath() + "/.Trash-" + QString::number(getuid()) + "/files/" + name;
        QVERIFY2(QFileInfo::exists(homeTrash) || QFileInfo::exists(volumeTrash), qPrintable(homeTrash));
        QVERIFY(!openLibrary()->database().photoByPath(path.toStdString()));
        QVERIFY(waitJob(DuplicatesKind::Find).error.isEmpty());
        QCoreApplication::processEvents();
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->index(0, 2).data(DuplicateGroupModel::PathRole), QVariant());
    }
};

int main(int argc, char* argv[]) {
    return clipdesk::test::runGuiTest<TestDuplicatesPage>(argc, argv, "clipdesk-test-duplicates");
}
#include "test_duplicates_page.moc"
