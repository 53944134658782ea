// Learning a small byte-level BPE vocabulary, writing it, and tokenising with it.

#include "clip/tokenizer/bpe_trainer.h"
#include "clip/tokenizer/clip_tokenizer.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

using namespace clipdesk;

class TestBpeTrainer : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::vector<std::string> corpus() const {
        std::vector<std::string> texts;
        for (const char* item : {"dress", "sneaker", "ankle boot", "trousers", "shirt"})
            for (const char* t : {"a photo of a %s.", "a picture of the %s", "my %s"}) {
                char buffer[128];
                std::snprintf(buffer, sizeof buffer, t, item);
                texts.emplace_back(buffer);
            }
        return texts;
    }

private Q_SLOTS:
    void mostFrequentPairIsMergedFirst() {
        const auto merges = tokenizer::learnBpeMerges({"aaab aaab", "ab"}, 1);
        QCOMPARE(merges.size(), size_t(1));
        // Words "aaab" x2 and "ab": pairs (a,a) x4, (a,b</w>) x3 -> (a,a) first.
        QCOMPARE(QString::fromStdString(merges[0].left), QStringLiteral("a"));
        QCOMPARE(QString::fromStdString(merges[0].right), QStringLiteral("a"));
    }

    void learnsWholeWordsOfAFrequentCorpus() {
        const auto merges = tokenizer::learnBpeMerges(corpus(), 500);
        QVERIFY(!merges.empty() && merges.size() < 500);  // stops when no pair repeats
        const auto path = dir_.filePath("merges.txt").toStdString();
        tokenizer::writeBpeMerges(path, merges);
        const auto tok = ClipTokenizer::fromMergesFile(path);
        QCOMPARE(tok->vocabSize(), 512 + merges.size() + 2);
        QCOMPARE(static_cast<size_t>(tok->sotId()), 512 + merges.size());
        QCOMPARE(static_cast<size_t>(tok->eotId()), 512 + merges.size() + 1);
        const auto ids = tok->encode("A photo of a dress.");
        QCOMPARE(ids.size(), size_t(6));  // a, photo, of, a, dress, "."
        QCOMPARE(QString::fromStdString(tok->decode(ids)).trimmed(), QStringLiteral("a photo of a dress ."));
        // Words it never saw still encode, byte by byte.
        QVERIFY(tok->encode("zebra").size() >= 2);
    }

    void aDeclaredCountThatIsNotThereIsTruncation() {
        const auto path = dir_.filePath("short.txt").toStdString();
        std::ofstream(path) << "#version: 0.2 merges: 5\ni n\nt h\n";
        try {
            ClipTokenizer::fromMergesFile(path);
            QFAIL("no error");
        } catch (const std::runtime_error& e) {
            const std::string m = e.what();
            QVERIFY2(m.find(path) != std::string::npos && m.find("truncated") != std::string::npos, m.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestBpeTrainer)
#include "test_bpe_trainer.moc"
