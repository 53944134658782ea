// Query languages in the window: which languages a model reads (its config, else the
// vocabulary beside its weights), the advice when the window's language is one the model does
// not read, the Search page's note for a Chinese window with an English-only model, and the
// Settings page's languages for catalogue entries and the configured model.

#include "ui_test_main.h"
#include "pages/search_notice.h"
#include "pages/settings_page.h"
#include "settings/app_settings.h"

#include "application/query_languages.h"
#include "clip/model_files.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest/QtTest>

using namespace clipdesk;
using namespace clipdesk::ui;

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QString bundledModel() { return QString::fromStdString(bundledModelFolder().value_or("")); }

const char* const kChineseNote = "does not understand Chinese queries";

}  // namespace

class TestQueryLanguages : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString bilingual_, english_, chineseClip_, lonePt_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        QVERIFY2(!bundledModel().isEmpty(), "the bundled clipdesk-mini is not found");
        // clipdesk-mini's configuration says it reads English and Chinese; the same without
        // "languages" and with CLIP's BPE text tower is an English-only model.
        QFile config(QDir(bundledModel()).filePath("config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(config.readAll()).object();
        QCOMPARE(json["languages"].toArray(), (QJsonArray{"en", "zh"}));
        QJsonObject english = json;
        english.remove("languages");
        QJsonObject text = english["text"].toObject();
        text["kind"] = "clip";
        english["text"] = text;
        english_ = tmp_.filePath("english");
        writeFile(english_ + "/config.json", QJsonDocument(english).toJson());
        writeFile(english_ + "/model.safetensors", "");
        bilingual_ = tmp_.filePath("bilingual");
        writeFile(bilingual_ + "/config.json", QJsonDocument(json).toJson());
        writeFile(bilingual_ + "/model.safetensors", "");  // the languages need no weights read
        // A Chinese-CLIP checkpoint: a .pt without configuration, its WordPiece vocabulary beside it.
        chineseClip_ = tmp_.filePath("cn/clip_cn_vit-b-16.pt");
        writeFile(chineseClip_, "");
        writeFile(tmp_.filePath("cn/vocab.txt"), "[PAD]\n[UNK]\n");
        lonePt_ = tmp_.filePath("openai/ViT-B-32.pt");
        writeFile(lonePt_, "");
    }

    void modelLanguagesComeFromTheConfigOrTheVocabulary() {
        QCOMPARE(modelQueryLanguages(bundledModel().toStdString()), (std::vector<std::string>{"en", "zh"}));
        QCOMPARE(modelQueryLanguages(english_.toStdString()), std::vector<std::string>{"en"});
        QCOMPARE(modelQueryLanguages(bilingual_.toStdString()), (std::vector<std::string>{"en", "zh"}));
        QCOMPARE(modelQueryLanguages(chineseClip_.toStdString()), std::vector<std::string>{"zh"});
        QCOMPARE(modelQueryLanguages(tmp_.filePath("cn").toStdString()), std::vector<std::string>{"zh"});
        QCOMPARE(modelQueryLanguages(lonePt_.toStdString()), std::vector<std::string>{"en"});
        QVERIFY(modelQueryLanguages(tmp_.filePath("nowhere").toStdString()).empty());
        QVERIFY(modelQueryLanguages("").empty());
    }

    void adviceComparesTheWindowsLanguageWithTheModels() {
        QCOMPARE(primaryLanguage("zh_CN"), std::string("zh"));
        QCOMPARE(primaryLanguage("zh-Hant"), std::string("zh"));
        QCOMPARE(primaryLanguage("EN"), std::string("en"));
        const auto chineseWindow = adviseQueryLanguage("zh_CN", {"en"});
        QVERIFY(chineseWindow.mismatch);
        QCOMPARE(chineseWindow.windowLanguage, std::string("zh"));
        QCOMPARE(chineseWindow.modelLanguages, std::vector<std::string>{"en"});
        QVERIFY(!adviseQueryLanguage("zh_CN", {"zh"}).mismatch);
        QVERIFY(!adviseQueryLanguage("zh_CN", {"en", "zh"}).mismatch);
        QVERIFY(!adviseQueryLanguage("zh_CN", {"zh-Hans"}).mismatch);
        QVERIFY(!adviseQueryLanguage("en", {"en"}).mismatch);
        QVERIFY(!adviseQueryLanguage("en", {"zh"}).mismatch);  // English is what every window can fall back to
        QVERIFY(!adviseQueryLanguage("zh_CN", {}).mismatch);   // unknown: nothing to say
    }

    void searchSaysWhenAChineseWindowHasAnEnglishOnlyModel() {
        AppSettings settings;
        settings.setConfiguredModelPath(english_);
        const LibraryOverview noLibrary;
        settings.setLanguage("zh_CN");
        QVERIFY(queryLanguageAdvice(settings, settings.effectiveModelPath()).mismatch);
        const QString notes = searchNotices(settings, noLibrary).join("\n");
        QVERIFY2(notes.contains(kChineseNote), qPrintable(notes));
        QVERIFY(notes.contains("it reads English only"));
        QVERIFY(notes.contains("Settings ▸ Known models (Chinese-CLIP)"));
        // One line: the note is one entry of its own.
        int own = 0;
        for (const auto& note : searchNotices(settings, noLibrary)) own += note.contains(kChineseNote) ? 1 : 0;
        QCOMPARE(own, 1);

        settings.setLanguage("en");
        QVERIFY(!searchNotices(settings, noLibrary).join("\n").contains(kChineseNote));
        settings.setLanguage("zh_CN");
        settings.setConfiguredModelPath(QString());  // the bundled clipdesk-mini reads Chinese too
        QVERIFY(!searchNotices(settings, noLibrary).join("\n").contains(kChineseNote));
        settings.setConfiguredModelPath(bilingual_);
        QVERIFY(!searchNotices(settings, noLibrary).join("\n").contains(kChineseNote));
        settings.setConfiguredModelPath(chineseClip_);
        QVERIFY(!searchNotices(settings, noLibrary).join("\n").contains(kChineseNote));
        // The model the library was indexed with is the one searches use.
        LibraryOverview indexed;
        indexed.modelPath = english_;
        QVERIFY(searchNotices(settings, indexed).join("\n").contains(kChineseNote));
        settings.setConfiguredModelPath(QString());
        settings.setLanguage(QString());
    }

    void settingsShowEachModelsQueryLanguages() {
        const QString catalogue = tmp_.filePath("catalogue.json");
        const QString file = "{\"url\": \"https://h/x\", \"path\": \"m.pt\", \"size\": 3, \"sha256\": \"" + QString(64, 'a') + "\"}";
        const auto entry = [&](const QString& id, const QString& layout, const QString& languages) {
            return "{\"id\": \"" + id + "\", \"name\": \"" + id + "\", \"description\": \"d\", \"licence\": \"MIT\", "
                   "\"layout\": \"" + layout + "\", " + languages + "\"hash_source\": \"s\", \"files\": [" + file + "]}";
        };
        writeFile(catalogue, ("{\"format\": 1, \"models\": [" + entry("english", "openai-torchscript", "") + ", " +
                              entry("chinese", "cn-clip", "\"languages\": [\"zh\"], ") + ", " +
                              entry("both", "open_clip", "\"languages\": [\"en\", \"zh\"], ") + "]}")
                                 .toUtf8());
        qputenv("CLIPDESK_MODEL_CATALOGUE", QFile::encodeName(catalogue));
        AppSettings settings;
        settings.setConfiguredModelPath(QString());
        SettingsPage page(settings);
        auto* list = page.catalogueList();
        QCOMPARE(list->topLevelItemCount(), 3);
        QCOMPARE(list->headerItem()->text(3), QString("Query languages"));
        QCOMPARE(list->topLevelItem(0)->text(3), QString("English"));
        QCOMPARE(list->topLevelItem(1)->text(3), QString("Chinese"));
        QCOMPARE(list->topLevelItem(2)->text(3), QString("English, Chinese"));
        auto* description = page.findChild<QLabel*>("modelDescription");
        QVERIFY(description);
        QVERIFY2(description->text().contains("Query languages: English, Chinese."), qPrintable(description->text()));
        settings.setConfiguredModelPath(chineseClip_);
        const SettingsPage chinesePage(settings);
        const auto* chineseDescription = chinesePage.findChild<QLabel*>("modelDescription");
        QVERIFY2(chineseDescription->text().contains("Query languages: Chinese."), qPrintable(chineseDescription->text()));
        settings.setConfiguredModelPath(QString());
        qunsetenv("CLIPDESK_MODEL_CATALOGUE");
    }
};

int main(int argc, char* argv[]) {
    return clipdesk::test::runGuiTest<TestQueryLanguages>(argc, argv, "clipdesk-test-query-languages");
}
#include "test_query_languages.moc"
