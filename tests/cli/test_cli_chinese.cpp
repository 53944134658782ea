// clipdesk-cli in Chinese, end to end: a search query of only punctuation is refused in one
// line naming it before any library is opened; eval-zeroshot --language zh evaluates
// Fashion-MNIST with its Chinese class names and held-out Chinese templates; train reads
// --caption-languages (en, zh, en,zh) and refuses anything else. The Fashion-MNIST files are a
// small generated set with the real file names.

#include "cli_json_run.h"
#include "library_test_support.h"
#include "shared_data.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cstdint>
#include <string>
#include <vector>

using clipdesk::test::runCliJson;

namespace {

std::string idx(std::uint8_t dims, const std::vector<std::uint32_t>& sizes, const std::string& data) {
    std::string out{'\0', '\0', '\x08', static_cast<char>(dims)};
    for (std::uint32_t s : sizes)
        for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((s >> shift) & 0xFF);
    return out + data;
}

void write(const QString& path, const std::string& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes.data(), static_cast<qint64>(bytes.size()));
}

// `count` 28x28 images, image i a grey level of its own, labelled i mod 10, as split `prefix`.
void writeFashionMnist(const QString& dir, const char* prefix, std::uint32_t count) {
    std::string pixels, labels;
    for (std::uint32_t i = 0; i < count; ++i) {
        pixels += std::string(28 * 28, static_cast<char>(20 + 11 * i));
        labels += static_cast<char>(i % 10);
    }
    write(dir + "/" + prefix + "-images-idx3-ubyte", idx(3, {count, 28, 28}, pixels));
    write(dir + "/" + prefix + "-labels-idx1-ubyte", idx(1, {count}, labels));
}

}  // namespace

class TestCliChinese : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString data_;
    const QString mini_ = CLIPDESK_SOURCE_DIR "/models/clipdesk-mini";

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        data_ = tmp_.filePath("fashion-mnist");
        QDir().mkpath(data_);
        writeFashionMnist(data_, "t10k", 20);
        writeFashionMnist(data_, "train", 20);
    }

    void searchWithoutWordsIsRefusedNamingTheQuery() {
        const QString library = tmp_.filePath("never-created");
        for (const QString& query : {QString::fromUtf8("！？。"), QString("...")}) {
            const auto r = runCliJson({"search", "--library", library, "--", query});
            QCOMPARE(r.exitCode, 1);
            const QString expected = QString::fromUtf8("query \"%1\": \"%1\" is only punctuation or symbols (expected some words")
                                         .arg(query);
            QVERIFY2(r.stderrText.contains(expected), qPrintable(r.stderrText));
            QCOMPARE(r.stderrText.trimmed().count('\n'), 0);
            QVERIFY(!QFileInfo::exists(library));  // refused before anything is opened
        }
    }

    void evalZeroShotInChinese() {
        if (!QFile::exists(mini_ + "/model.safetensors")) QSKIP("models/clipdesk-mini is not in this checkout");
        // The bundled clipdesk-mini reads Chinese: WordPiece, one token per character.
        const auto bundled = runCliJson({"eval-zeroshot", "--model", mini_, "--dataset", data_, "--split", "test", "--language", "zh"});
        QVERIFY2(bundled.exitCode == 0, qPrintable(bundled.stderrText));
        QCOMPARE(bundled.lines.at(0).at("language").get<std::string>(), std::string("zh"));
        // An English byte-level BPE spends about three tokens on a Chinese character: with a
        // 32-token context the longest Chinese prompt does not fit, and it says so.
        CLIPDESK_REQUIRE_SHARED(clipdesk::test::bpeVocabPath());
        const QStringList withVocab{"CLIPDESK_BPE_VOCAB=" + QString::fromStdString(clipdesk::test::bpeVocabPath().string())};
        const QString short32 = tmp_.filePath("model32");
        clipdesk::test::writeTinyModel(short32.toStdString(), 3, false, 32);
        const auto tooLong = runCliJson({"eval-zeroshot", "--model", short32, "--dataset", data_, "--split", "test", "--language", "zh"},
                                        {120000, false, withVocab});
        QCOMPARE(tooLong.exitCode, 1);
        QVERIFY2(tooLong.stderrText.contains("is too long") && tooLong.stderrText.contains("reads at most 32"),
                 qPrintable(tooLong.stderrText));
        // A random model of the same kind that reads 77 tokens evaluates in Chinese.
        const QString model = tmp_.filePath("model77");
        clipdesk::test::writeTinyModel(model.toStdString(), 3, false, 77);
        const auto zh = runCliJson({"eval-zeroshot", "--model", model, "--dataset", data_, "--split", "test", "--language", "zh"},
                                   {120000, false, withVocab});
        QVERIFY2(zh.exitCode == 0, qPrintable(zh.stderrText));
        const auto& out = zh.lines.at(0);
        QCOMPARE(out.at("language").get<std::string>(), std::string("zh"));
        QCOMPARE(out.at("template_set").get<std::string>(), std::string("fashion-mnist-held-out-zh"));
        QCOMPARE(out.at("templates").get<int>(), 10);
        QCOMPARE(out.at("images").get<int>(), 20);
        for (const char* name : {"T恤", "裤子", "运动鞋", "短靴"}) QVERIFY2(out.at("per_class").contains(name), name);
        QVERIFY(!out.at("per_class").contains("Sneaker"));

        const auto en = runCliJson({"eval-zeroshot", "--model", model, "--dataset", data_, "--split", "test"},
                                   {120000, false, withVocab});
        QVERIFY2(en.exitCode == 0, qPrintable(en.stderrText));
        QCOMPARE(en.lines.at(0).at("language").get<std::string>(), std::string("en"));
        QCOMPARE(en.lines.at(0).at("template_set").get<std::string>(), std::string("fashion-mnist-held-out"));
        QVERIFY(en.lines.at(0).at("per_class").contains("Sneaker"));
        QCOMPARE(runCliJson({"eval-zeroshot", "--model", mini_, "--dataset", data_, "--language", "fr"}).exitCode, 2);
    }

    void trainReadsCaptionLanguages() {
        if (!QFile::exists(mini_ + "/model.safetensors")) QSKIP("models/clipdesk-mini is not in this checkout");
        const QString out = tmp_.filePath("bilingual");
        const auto r = runCliJson({"train", "--pairs", data_, "--model", mini_, "--caption-languages", "en,zh", "--out", out,
                                   "--epochs", "1", "--batch-size", "9", "--val-split", "0.1", "--threads", "1",
                                   "--workers", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QCOMPARE(r.lines.back().at("type").get<std::string>(), std::string("done"));
        QCOMPARE(r.lines.back().at("steps").get<int>(), 2);

        const auto bad = runCliJson({"train", "--pairs", data_, "--model", mini_, "--caption-languages", "fr", "--out",
                                     tmp_.filePath("never")});
        QVERIFY(bad.exitCode != 0);
        QVERIFY2(bad.stderrText.contains("caption languages \"fr\": expected en, zh, or en,zh"), qPrintable(bad.stderrText));
    }
};

QTEST_GUILESS_MAIN(TestCliChinese)
#include "test_cli_chinese.moc"
