// The Settings page's "Known models": the catalogue is listed with sizes, status and the
// description as tooltip; Download fetches a model from a local file mirror on the worker
// thread, "Use this model" makes the installed folder the model setting; Cancel keeps nothing
// installed; a corrupted mirror file is reported on the page.

#include "ui_test_main.h"
#include "catalogue_mirror.h"
#include "jobs/model_download_job.h"
#include "pages/settings_page.h"
#include "settings/app_settings.h"
#include "shared_data.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest/QtTest>

using namespace clipdesk::ui;
namespace fs = std::filesystem;

class TestSettingsCatalogue : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    clipdesk::test::TestMirror mirror_;
    AppSettings* settings_ = nullptr;
    SettingsPage* page_ = nullptr;

    QString modelsDir() const { return QDir(qEnvironmentVariable("XDG_DATA_HOME")).filePath("clipdesk/models"); }

    void select(int row) {
        page_->catalogueList()->clearSelection();
        page_->catalogueList()->topLevelItem(row)->setSelected(true);
    }

    ModelDownloadOutcome download(int row, bool cancelAtOnce = false) {
        select(row);
        QSignalSpy finished(page_->downloadJob(), &ModelDownloadJob::finished);
        [&] { QVERIFY(page_->downloadButton()->isEnabled()); }();
        page_->downloadButton()->click();
        if (cancelAtOnce) {
            [&] { QVERIFY(page_->cancelDownloadButton()->isEnabled()); }();
            page_->cancelDownloadButton()->click();
        }
        if (!finished.wait(120000)) return ModelDownloadOutcome{{}, {}, false, "timed out"};
        return finished.at(0).at(0).value<ModelDownloadOutcome>();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        for (const auto& source : clipdesk::test::testMirrorSources()) CLIPDESK_REQUIRE_SHARED(source);
        mirror_ = clipdesk::test::makeTestMirror(fs::path(tmp_.path().toStdString()));
        qputenv("CLIPDESK_MODEL_CATALOGUE", QByteArray::fromStdString(mirror_.catalogue.string()));
        qputenv("CLIPDESK_MODEL_MIRROR", QByteArray::fromStdString(mirror_.base));
        settings_ = new AppSettings;
        settings_->setConfiguredModelPath(QString());
        page_ = new SettingsPage(*settings_);
        page_->show();
    }

    void cleanupTestCase() {
        delete page_;
        delete settings_;
    }

    void listsTheCatalogue() {
        auto* list = page_->catalogueList();
        QCOMPARE(list->topLevelItemCount(), 2);
        QCOMPARE(list->topLevelItem(0)->text(0), QString("Synthetic synthetic-openai"));
        QCOMPARE(list->topLevelItem(0)->text(2), QString("Not installed"));
        QVERIFY(list->topLevelItem(0)->toolTip(0).contains("Random-weight TinyCLIP-shaped test model"));
        QVERIFY(!list->topLevelItem(0)->text(1).isEmpty());
        list->clearSelection();
        QVERIFY(!page_->downloadButton()->isEnabled());
        QVERIFY(!page_->useModelButton()->isEnabled());
    }

    void downloadThenUseTheModel() {
        const auto outcome = download(0);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QVERIFY(!outcome.cancelled);
        const QString installed = QDir(modelsDir()).filePath("synthetic-openai");
        QCOMPARE(outcome.path, installed);
        QCOMPARE(clipdesk::sha256FileHex((installed + "/openai-jit.pt").toStdString()), mirror_.weights().sha256);
        QCOMPARE(page_->catalogueList()->topLevelItem(0)->text(2), QString("Installed"));
        QVERIFY(page_->downloadStatus()->text().contains("Installed and verified"));

        select(0);
        QVERIFY(page_->useModelButton()->isEnabled());
        QSignalSpy changed(settings_, &AppSettings::modelChanged);
        page_->useModelButton()->click();
        QCOMPARE(settings_->configuredModelPath(), installed);
        QCOMPARE(settings_->effectiveModelPath(), installed);
        QVERIFY(changed.count() >= 1);
    }

    void cancelInstallsNothing() {
        const auto outcome = download(1, true);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QVERIFY(outcome.cancelled);
        QVERIFY(!QFileInfo::exists(QDir(modelsDir()).filePath("synthetic-openclip")));
        QCOMPARE(page_->catalogueList()->topLevelItem(1)->text(2), QString("Not installed"));
        QVERIFY(page_->downloadStatus()->text().contains("cancelled"));
    }

    void corruptedFileIsReported() {
        clipdesk::test::corruptFile(mirror_.openclipFiles[0].mirrored);
        const auto outcome = download(1);
        QVERIFY(outcome.error.contains("model.safetensors: SHA-256 mismatch: expected " +
                                       QString::fromStdString(mirror_.openclipFiles[0].sha256)));
        QVERIFY(page_->downloadStatus()->text().contains("Download failed: model.safetensors: SHA-256 mismatch"));
        QVERIFY(!QFileInfo::exists(QDir(modelsDir()).filePath("synthetic-openclip")));
        QCOMPARE(settings_->configuredModelPath(), QDir(modelsDir()).filePath("synthetic-openai"));  // unchanged
    }
};

int main(int argc, char* argv[]) { return clipdesk::test::runGuiTest<TestSettingsCatalogue>(argc, argv, "clipdesk-test-catalogue"); }

#include "test_settings_catalogue.moc"
