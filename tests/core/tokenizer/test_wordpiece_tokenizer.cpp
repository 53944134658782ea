// BERT WordPiece as Chinese-CLIP tokenizes: ids identical to Chinese-CLIP's own code on the
// committed goldens (tests/core/tokenizer/goldens/README.md), hand-checked pieces, truncation
// and the vocabulary's one-line errors.

#include "clip/tokenizer/wordpiece_tokenizer.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

using namespace clipdesk;

namespace {

std::string sourcePath(const char* relative) { return std::string(CLIPDESK_SOURCE_DIR) + "/" + relative; }

QString joined(const std::vector<std::string>& pieces) {
    QStringList out;
    for (const auto& p : pieces) out << QString::fromStdString(p);
    return out.join(' ');
}

}  // namespace

class TestWordPieceTokenizer : public QObject {
    Q_OBJECT
    std::shared_ptr<const WordPieceTokenizer> tokenizer_;
    QTemporaryDir tmp_;

    std::string writeFile(const char* name, const std::string& text) {
        const std::string path = tmp_.filePath(name).toStdString();
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    QString errorOf(const std::string& path) {
        try {
            WordPieceTokenizer::fromVocabFile(path);
        } catch (const std::runtime_error& e) {
            return QString::fromUtf8(e.what());
        }
        return "no error";
    }

private Q_SLOTS:
    void initTestCase() {
        tokenizer_ = WordPieceTokenizer::fromVocabFile(sourcePath("models/chinese-clip-vocab/vocab.txt"));
    }

    void vocabulary() {
        QCOMPARE(tokenizer_->vocabSize(), std::size_t(21128));
        QCOMPARE(tokenizer_->clsId(), 101);
        QCOMPARE(tokenizer_->sepId(), 102);
        QCOMPARE(tokenizer_->unkId(), 100);
    }

    void idsMatchChineseClipOnEveryGolden() {
        std::ifstream in(sourcePath("tests/core/tokenizer/goldens/chinese_clip_wordpiece.json"));
        QVERIFY(in);
        const auto golden = nlohmann::json::parse(in);
        const int context = golden.at("meta").at("context_length").get<int>();
        int checked = 0, mismatches = 0;
        QString first;
        for (const auto& c : golden.at("cases")) {
            const std::string text = c.at("text").get<std::string>();
            const auto expected = c.at("ids").get<std::vector<std::int64_t>>();
            const auto t = tokenizer_->tokenize(text, context);
            std::vector<std::int64_t> got(t.ids.begin(), t.ids.begin() + t.eotPosition + 1);
            ++checked;
            if (got != expected) {
                if (first.isEmpty()) first = QString::fromStdString(text) + " -> " + joined(tokenizer_->pieces(text));
                ++mismatches;
            }
            for (std::size_t i = static_cast<std::size_t>(t.eotPosition) + 1; i < t.ids.size(); ++i) QCOMPARE(t.ids[i], std::int64_t{0});
        }
        qInfo("%d golden strings, %d differ", checked, mismatches);
        QVERIFY(checked >= 2000);
        QVERIFY2(mismatches == 0, qPrintable(QString::number(mismatches) + " differ, first: " + first));
    }

    void handCheckedPieces() {
        QCOMPARE(joined(tokenizer_->pieces("海边的日落")), QString::fromUtf8("海 边 的 日 落"));
        QCOMPARE(joined(tokenizer_->pieces("A Photo of the beach!")), QString("a photo of the beach !"));
        QCOMPARE(joined(tokenizer_->pieces("Café naïve")), QString("cafe na ##ive"));  // as Chinese-CLIP splits it
        QCOMPARE(joined(tokenizer_->pieces("unaffable")), QString("u ##na ##ff ##able"));
        QCOMPARE(joined(tokenizer_->pieces(std::string(201, 'a'))), QString("[UNK]"));
        QCOMPARE(joined(tokenizer_->pieces("\x01\t\xEF\xBF\xBD  ")), QString());
        QVERIFY(tokenizer_->pieces("").empty());
    }

    void truncationKeepsSepLast() {
        std::string text;
        for (int i = 0; i < 80; ++i) text += "猫";
        const auto t = tokenizer_->tokenize(text, 52);
        QVERIFY(t.truncated);
        QCOMPARE(t.untruncatedLength, 82);
        QCOMPARE(t.eotPosition, 51);
        QCOMPARE(t.ids[0], std::int64_t{101});
        QCOMPARE(t.ids[51], std::int64_t{102});
        const auto empty = tokenizer_->tokenize("", 52);
        QCOMPARE(empty.eotPosition, 1);
        QVERIFY(!empty.truncated);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tokenizer_->tokenize("x", 1));
    }

    void notAWordPieceVocabularyIsRefusedWithItsFileAndLine() {
        const auto merges = writeFile("merges.txt", "#version: 0.2\nt h\nth e\n");
        QVERIFY2(errorOf(merges).startsWith(QString::fromStdString(merges) + ":1: not a WordPiece vocabulary"), qPrintable(errorOf(merges)));
        const auto noCls = writeFile("nocls.txt", "[PAD]\n[UNK]\n[SEP]\na\n");
        QVERIFY2(errorOf(noCls).endsWith("it has no [CLS] token"), qPrintable(errorOf(noCls)));
        const auto padLater = writeFile("pad.txt", "[UNK]\n[PAD]\n[CLS]\n[SEP]\n");
        QVERIFY2(errorOf(padLater).contains("[PAD] must be its first token"), qPrintable(errorOf(padLater)));
        QVERIFY(errorOf(tmp_.filePath("absent.txt").toStdString()).contains("absent.txt"));
    }
};

QTEST_GUILESS_MAIN(TestWordPieceTokenizer)
#include "test_wordpiece_tokenizer.moc"
