// Pairs files: CSV, TSV and JSON Lines parse into the right pairs (paths, captions, quoting,
// CRLF, byte order mark, labels); bad rows give errors naming the file and line, or are
// skipped with a warning when asked.

#include "data_test_files.h"

#include "clip/image/opencv_image_decoder.h"
#include "training/data/open_pairs.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <sys/stat.h>

#include <memory>
#include <set>

using namespace clipdesk;
using clipdesk::test::pairsErrorOf;
using clipdesk::test::writeFileText;
using clipdesk::test::writeTestImage;

namespace {

// Every caption pair i can be paired with, over many draws.
std::set<std::string> captionsOf(const PairDataset& pairs, std::size_t i) {
    std::set<std::string> seen;
    for (std::uint64_t seed = 0; seed < 64; ++seed) {
        std::mt19937_64 rng(seed);
        seen.insert(pairs.caption(i, rng));
    }
    return seen;
}

std::string firstCaption(const PairDataset& pairs, std::size_t i) {
    std::mt19937_64 rng(0);
    return pairs.caption(i, rng);
}

int tagOf(const RgbImage& image) { return image.pixels.empty() ? -1 : image.pixels[0]; }

}  // namespace

class TestPairsFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        writeTestImage(path("images/a.png"), 12, 10, 1);
        writeTestImage(path("images/b.png"), 9, 14, 2);
        writeTestImage(path("images/c d.png"), 20, 6, 3);
    }

    void csvWithQuoting() {
        const std::string file = path("pairs.csv");
        writeFileText(file,
                      "image,caption\n"
                      "images/a.png,a red bus\n"
                      "\"images/c d.png\",\"a caption, with a comma and \"\"quotes\"\"\"\n"
                      "images/b.png,\"two\n"
                      "lines\"\n"
                      "images/a.png,  padded caption  \n");
        const auto pairs = open(file);
        QCOMPARE(pairs->size(), std::size_t{4});
        QCOMPARE(firstCaption(*pairs, 0), std::string("a red bus"));
        QCOMPARE(firstCaption(*pairs, 1), std::string("a caption, with a comma and \"quotes\""));
        QCOMPARE(firstCaption(*pairs, 2), std::string("two\nlines"));
        QCOMPARE(firstCaption(*pairs, 3), std::string("padded caption"));
        QCOMPARE(pairs->describe(0), file + ":2");
        QCOMPARE(pairs->describe(1), file + ":3");
        QCOMPARE(pairs->describe(2), file + ":4");
        QCOMPARE(pairs->describe(3), file + ":6");  // the quoted line break moves the next record down
        QCOMPARE(tagOf(pairs->image(0)), 1);
        QCOMPARE(tagOf(pairs->image(1)), 3);
        QCOMPARE(pairs->image(1).width, 20);
        QCOMPARE(tagOf(pairs->image(2)), 2);
        QCOMPARE(pairs->label(0), -1);
        QVERIFY(pairs->classNames().empty());
    }

    void csvWithBomCrlfAndLabels() {
        const std::string file = path("labelled.csv");
        const std::string absolute = path("images/b.png");
        writeFileText(file,
                      "\xEF\xBB\xBF"
                      "Caption, IMAGE ,label\r\n"
                      "a cat,images/a.png,cat\r\n"
                      "\r\n"
                      "\"a dog\r\non grass\"," + absolute + ",dog\r\n"
                      "no label,images/c d.png,\r\n"
                      "another cat,images/a.png,cat");
        const auto pairs = open(file);
        QCOMPARE(pairs->size(), std::size_t{4});
        QCOMPARE(firstCaption(*pairs, 0), std::string("a cat"));
        QCOMPARE(firstCaption(*pairs, 1), std::string("a dog\r\non grass"));
        QCOMPARE(firstCaption(*pairs, 3), std::string("another cat"));
        QCOMPARE(pairs->classNames(), (std::vector<std::string>{"cat", "dog"}));
        QCOMPARE(pairs->label(0), 0);
        QCOMPARE(pairs->label(1), 1);
        QCOMPARE(pairs->label(2), -1);
        QCOMPARE(pairs->label(3), 0);
        QCOMPARE(tagOf(pairs->image(1)), 2);
        QCOMPARE(pairs->describe(1), file + ":4");
        QCOMPARE(pairs->describe(3), file + ":7");
    }

    void integerLabelsSortNumerically() {
        const std::string file = path("numbers.csv");
        writeFileText(file, "image,caption,label\nimages/a.png,x,10\nimages/b.png,y,2\nimages/a.png,z,1\n");
        const auto pairs = open(file);
        QCOMPARE(pairs->classNames(), (std::vector<std::string>{"1", "2", "10"}));
        QCOMPARE(pairs->label(0), 2);
        QCOMPARE(pairs->label(1), 1);
        QCOMPARE(pairs->label(2), 0);
    }

    void tsvFile() {
        const std::string file = path("pairs.tsv");
        writeFileText(file,
                      "image\tcaption\n"
                      "images/c d.png\ta caption, with commas, unquoted\n"
                      "images/a.png\t\"a tab\there\"\n");
        const auto pairs = open(file);
        QCOMPARE(pairs->size(), std::size_t{2});
        QCOMPARE(firstCaption(*pairs, 0), std::string("a caption, with commas, unquoted"));
        QCOMPARE(firstCaption(*pairs, 1), std::string("a tab\there"));
        QCOMPARE(tagOf(pairs->image(0)), 3);
    }

    void pathsAreRelativeToTheFilesFolder() {
        const std::string file = path("images/pairs.csv");
        writeFileText(file, "image,caption\n./sub/../b.png,a path that stays inside\n");
        const auto pairs = open(file);
        QCOMPARE(tagOf(pairs->image(0)), 2);
    }

    // A pairs file names images inside its own folder: one from elsewhere (a downloaded pairs
    // file reading ../../../etc/passwd) is a bad row naming the file and line, unless allowed.
    void imagesOutsideTheFilesFolderNeedTheOption_data() {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QString>("shown");
        QTest::newRow("up two folders") << "../../images/b.png" << "../../images/b.png";
        QTest::newRow("absolute") << QString::fromStdString(path("images/b.png")) << QString::fromStdString(path("images/b.png"));
        QTest::newRow("symlink leading out") << "out.png" << "out.png (resolves to " + QString::fromStdString(path("images/b.png")) + ")";
    }

    void imagesOutsideTheFilesFolderNeedTheOption() {
        QFETCH(QString, image);
        QFETCH(QString, shown);
        const std::string folder = path("lists/nested");
        const std::string file = folder + "/pairs.csv";
        writeFileText(file, "image,caption\n" + image.toStdString() + ",from elsewhere\n");
        std::error_code ec;
        std::filesystem::create_symlink(path("images/b.png"), folder + "/out.png", ec);
        const QString message = pairsErrorOf([&] { open(file); });
        QCOMPARE(message, QString::fromStdString(file + ":2: image lies outside the pairs file's folder " + folder + ": ") +
                              shown + "; pass --allow-outside-paths to read it");
        PairsOptions options;
        options.allowOutsidePaths = true;
        QCOMPARE(tagOf(open(file, options)->image(0)), 2);
    }

    // Not "image file not found": the file is there, but it is no image file to read.
    void aDeviceOrFifoIsNotARegularFile() {
        const std::string fifo = path("images/pipe.png");
        QVERIFY(::mkfifo(fifo.c_str(), 0600) == 0);
        const std::string file = path("images/special.csv");
        writeFileText(file, "image,caption\npipe.png,a fifo\n");
        QCOMPARE(pairsErrorOf([&] { open(file); }),
                 QString::fromStdString(file + ":2: image is not a regular file (a FIFO): pipe.png (looked for " + fifo + ")"));
        writeFileText(file, "image,caption\n/dev/zero,a device\n");
        PairsOptions options;
        options.allowOutsidePaths = true;
        QCOMPARE(pairsErrorOf([&] { open(file, options); }),
                 QString::fromStdString(file + ":2: image is not a regular file (a character device): /dev/zero"));
        std::filesystem::remove(fifo);
    }

    void jsonLines() {
        const std::string file = path("pairs.jsonl");
        writeFileText(file,
                      "\xEF\xBB\xBF{\"image\": \"images/a.png\", \"caption\": \"caf\\u00e9 \xE2\x98\x95\", \"id\": 7}\r\n"
                      "\n"
                      "{\"caption\": [\"one\", \"two\"], \"image\": \"images/c d.png\", \"label\": \"shoe\"}\n"
                      "{\"image\": \"images/b.png\", \"caption\": \"numbered\", \"label\": 3, \"meta\": {\"w\": 1}}\n");
        const auto pairs = open(file);
        QCOMPARE(pairs->size(), std::size_t{3});
        QCOMPARE(firstCaption(*pairs, 0), std::string("caf\xC3\xA9 \xE2\x98\x95"));
        QCOMPARE(captionsOf(*pairs, 1), (std::set<std::string>{"one", "two"}));
        QCOMPARE(pairs->classNames(), (std::vector<std::string>{"3", "shoe"}));
        QCOMPARE(pairs->label(0), -1);
        QCOMPARE(pairs->label(1), 1);
        QCOMPARE(pairs->label(2), 0);
        QCOMPARE(pairs->describe(1), file + ":3");
        QCOMPARE(tagOf(pairs->image(1)), 3);
    }

    void chineseCaptionsInCsvTsvAndJsonLines() {
        writeTestImage(path("images/运动鞋.png"), 8, 8, 4);
        const std::string csv = path("chinese.csv");
        writeFileText(csv,
                      "\xEF\xBB\xBF" "image,caption,label\n"
                      "images/运动鞋.png,一双白色的运动鞋，放在木地板上。,运动鞋\n"
                      "images/a.png,\"海边的日落，“很美”\",风景\n"
                      "images/b.png,a sneaker 和一只包,运动鞋\n");
        const auto fromCsv = open(csv);
        QCOMPARE(fromCsv->size(), std::size_t{3});
        QCOMPARE(firstCaption(*fromCsv, 0), std::string("一双白色的运动鞋，放在木地板上。"));  // ， is no delimiter
        QCOMPARE(firstCaption(*fromCsv, 1), std::string("海边的日落，“很美”"));
        QCOMPARE(firstCaption(*fromCsv, 2), std::string("a sneaker 和一只包"));
        QCOMPARE(fromCsv->classNames(), (std::vector<std::string>{"运动鞋", "风景"}));
        QCOMPARE(fromCsv->label(1), 1);
        QCOMPARE(tagOf(fromCsv->image(0)), 4);

        const std::string tsv = path("chinese.tsv");
        writeFileText(tsv, "image\tcaption\nimages/a.png\t一只猫在沙发上睡觉\n");
        QCOMPARE(firstCaption(*open(tsv), 0), std::string("一只猫在沙发上睡觉"));

        const std::string jsonl = path("chinese.jsonl");
        writeFileText(jsonl,
                      "{\"image\": \"images/运动鞋.png\", \"caption\": \"\\u8fd0\\u52a8\\u978b\", \"label\": \"鞋\"}\n"
                      "{\"image\": \"images/a.png\", \"caption\": [\"雪山\", \"snowy mountains\"]}\n");
        const auto fromJson = open(jsonl);
        QCOMPARE(firstCaption(*fromJson, 0), std::string("运动鞋"));  // \u escapes decoded to UTF-8
        QCOMPARE(captionsOf(*fromJson, 1), (std::set<std::string>{"雪山", "snowy mountains"}));
        QCOMPARE(fromJson->classNames(), std::vector<std::string>{"鞋"});

        // A caption saved as GBK instead of UTF-8 is refused, naming the line.
        const std::string gbk = path("gbk.csv");
        writeFileText(gbk, "image,caption\nimages/a.png,\xD4\xCB\xB6\xAF\xD0\xAC\n");
        QCOMPARE(pairsErrorOf([&] { open(gbk); }),
                 QString::fromStdString(gbk + ":2: invalid UTF-8 in the caption field (byte 0xD4 at character 1)"));
    }

    void formatCanBeForced() {
        const std::string file = path("pairs.list");
        writeFileText(file, "image,caption\nimages/a.png,forced\n");
        QVERIFY(pairsErrorOf([&] { open(file); }).contains("unknown pairs file type '.list'"));
        PairsOptions options;
        options.format = PairsFormat::Csv;
        QCOMPARE(firstCaption(*open(file, options), 0), std::string("forced"));
    }

    void badFilesNameTheLine_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        const QByteArray head = "image,caption\nimages/a.png,fine\n";
        QTest::newRow("missing image") << "p.csv" << head + "images/missing.png,hello\n"
                                       << "p.csv:3: image file not found: images/missing.png (looked for ";
        QTest::newRow("empty caption") << "p.csv" << head + "images/a.png,   \n" << "p.csv:3: caption is empty";
        QTest::newRow("empty image path") << "p.csv" << head + ",a caption\n" << "p.csv:3: image path is empty";
        QTest::newRow("invalid UTF-8") << "p.csv" << head + "images/a.png,caf\xE9 au lait\n"
                                       << "p.csv:3: invalid UTF-8 in the caption field (byte 0xE9 at character 4)";
        QTest::newRow("too many fields") << "p.csv" << head + "images/a.png,one,two\n"
                                         << "p.csv:3: expected 2 fields (image, caption), found 3";
        QTest::newRow("too few fields") << "p.csv" << head + "images/a.png\n"
                                        << "p.csv:3: expected 2 fields (image, caption), found 1";
        QTest::newRow("unknown column") << "p.csv" << QByteArray("image,caption,colour\nimages/a.png,x,red\n")
                                        << "p.csv:1: header: unknown column 'colour' (expected image, caption and "
                                           "optionally label)";
        QTest::newRow("no caption column") << "p.csv" << QByteArray("image,label\nimages/a.png,x\n")
                                           << "p.csv:1: header: no 'caption' column";
        QTest::newRow("duplicate column") << "p.csv" << QByteArray("image,caption,Caption\n")
                                          << "p.csv:1: header: column 'caption' appears twice";
        QTest::newRow("empty file") << "p.csv" << QByteArray("") << "p.csv: the file is empty";
        QTest::newRow("header only") << "p.csv" << QByteArray("image,caption\n") << "p.csv: no pairs";
        QTest::newRow("unclosed quote") << "p.csv" << head + "images/a.png,\"never\nclosed\n"
                                        << "p.csv:3: quoted field is not closed";
        QTest::newRow("text after quote") << "p.csv" << head + "images/a.png,\"quoted\" then more\n"
                                          << "p.csv:3: unexpected text after the closing quote of field 2";
        QTest::newRow("line after multi-line record")
            << "p.csv" << head + "images/a.png,\"line\nbreak\"\nimages/a.png,\n" << "p.csv:5: caption is empty";
        QTest::newRow("CRLF line numbers") << "p.csv" << QByteArray("image,caption\r\nimages/a.png,a\r\n\r\nimages/x.png,b\r\n")
                                           << "p.csv:4: image file not found: images/x.png";
        QTest::newRow("tsv field count") << "p.tsv" << QByteArray("image\tcaption\nimages/a.png,comma is no delimiter\n")
                                         << "p.tsv:2: expected 2 fields (image, caption), found 1";
        QTest::newRow("jsonl missing image") << "p.jsonl"
                                             << QByteArray("{\"image\":\"images/a.png\",\"caption\":\"x\"}\n"
                                                           "{\"image\":\"images/none.png\",\"caption\":\"y\"}\n")
                                             << "p.jsonl:2: image file not found: images/none.png";
        QTest::newRow("jsonl empty caption") << "p.jsonl" << QByteArray("{\"image\":\"images/a.png\",\"caption\":\" \"}\n")
                                             << "p.jsonl:1: caption is empty";
        QTest::newRow("jsonl empty caption list") << "p.jsonl"
                                                  << QByteArray("{\"image\":\"images/a.png\",\"caption\":[]}\n")
                                                  << "p.jsonl:1: caption is empty";
        QTest::newRow("jsonl invalid UTF-8") << "p.jsonl" << QByteArray("{\"image\":\"images/a.png\",\"caption\":\"\xFF\"}\n")
                                             << "p.jsonl:1: invalid UTF-8 (byte 0xFF at character 36)";
        QTest::newRow("jsonl not JSON") << "p.jsonl" << QByteArray("\n\n{\"image\": \"images/a.png\", caption}\n")
                                        << "p.jsonl:3: not valid JSON: ";
        QTest::newRow("jsonl no caption key") << "p.jsonl" << QByteArray("{\"image\":\"images/a.png\",\"text\":\"x\"}\n")
                                              << "p.jsonl:1: no \"caption\" key";
        QTest::newRow("jsonl image not a string") << "p.jsonl" << QByteArray("{\"image\":3,\"caption\":\"x\"}\n")
                                                  << "p.jsonl:1: \"image\" must be a string";
        QTest::newRow("jsonl not an object") << "p.jsonl" << QByteArray("[\"images/a.png\", \"x\"]\n")
                                             << "p.jsonl:1: expected a JSON object";
        QTest::newRow("jsonl bad label") << "p.jsonl" << QByteArray("{\"image\":\"images/a.png\",\"caption\":\"x\",\"label\":-1}\n")
                                         << "p.jsonl:1: \"label\" must be a string or a non-negative integer";
    }

    void badFilesNameTheLine() {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const std::string file = path(name.toStdString());
        writeFileText(file, content.toStdString());
        const QString message = pairsErrorOf([&] { open(file); });
        const QString prefix = dir_.path() + "/";
        QVERIFY2(message.startsWith(prefix + expected), qPrintable(message));
    }

    void skipBadRowsWarnsAndKeepsTheRest() {
        const std::string file = path("mixed.csv");
        writeFileText(file,
                      "image,caption\n"
                      "images/a.png,first good\n"
                      "images/gone.png,missing image\n"
                      "images/a.png,\n"
                      "images/a.png,bad \xC3\x28 bytes\n"
                      "images/a.png,extra,field\n"
                      "images/b.png,\"quoted\"junk\n"
                      "images/b.png,last good\n");
        test::WarningCollector warnings;
        PairsOptions options;
        options.skipBadRows = true;
        options.warn = warnings.sink();
        const auto pairs = open(file, options);
        QCOMPARE(pairs->size(), std::size_t{2});
        QCOMPARE(pairs->describe(0), file + ":2");
        QCOMPARE(pairs->describe(1), file + ":8");
        QCOMPARE(firstCaption(*pairs, 1), std::string("last good"));
        QCOMPARE(warnings.messages.size(), std::size_t{5});
        const std::vector<std::pair<int, std::string>> lines{{3, "image file not found: images/gone.png"},
                                                             {4, "caption is empty"},
                                                             {5, "invalid UTF-8 in the caption field"},
                                                             {6, "expected 2 fields"},
                                                             {7, "unexpected text after"}};
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const std::string& message = warnings.messages[i];
            QVERIFY2(message.rfind(file + ":" + std::to_string(lines[i].first) + ": " + lines[i].second, 0) == 0,
                     message.c_str());
            QVERIFY2(message.size() > 10 && message.substr(message.size() - 10) == " (skipped)", message.c_str());
        }
    }

    void skipBadRowsInJsonLines() {
        const std::string file = path("mixed.jsonl");
        writeFileText(file,
                      "{\"image\":\"images/a.png\",\"caption\":\"kept\"}\n"
                      "not json\n"
                      "{\"image\":\"images/a.png\",\"caption\":\"\"}\n");
        test::WarningCollector warnings;
        PairsOptions options;
        options.skipBadRows = true;
        options.warn = warnings.sink();
        const auto pairs = open(file, options);
        QCOMPARE(pairs->size(), std::size_t{1});
        QCOMPARE(warnings.messages.size(), std::size_t{2});
        QVERIFY(warnings.messages[0].rfind(file + ":2: not valid JSON", 0) == 0);
        QVERIFY(warnings.messages[1].rfind(file + ":3: caption is empty", 0) == 0);
    }

    void skipBadRowsStillFailsWhenNothingIsLeft() {
        const std::string file = path("allbad.csv");
        writeFileText(file, "image,caption\nimages/gone.png,x\nimages/a.png,\n");
        PairsOptions options;
        options.skipBadRows = true;
        QCOMPARE(pairsErrorOf([&] { open(file, options); }), QString::fromStdString(file + ": no usable pairs (2 skipped)"));
    }

    void skipBadRowsDoesNotSkipHeaderErrors() {
        const std::string file = path("badheader.csv");
        writeFileText(file, "image,text\nimages/a.png,x\n");
        PairsOptions options;
        options.skipBadRows = true;
        QVERIFY(pairsErrorOf([&] { open(file, options); }).contains("badheader.csv:1: header: unknown column 'text'"));
    }

    void missingPath() {
        QCOMPARE(pairsErrorOf([&] { open(path("nowhere.csv")); }),
                 QString::fromStdString(path("nowhere.csv") + ": no such file or folder"));
    }

private:
    std::string path(const std::string& relative) const { return dir_.filePath(QString::fromStdString(relative)).toStdString(); }
    std::unique_ptr<PairDataset> open(const std::string& file, const PairsOptions& options = {}) const {
        return openPairs(file, options, *decoder_);
    }

    QTemporaryDir dir_;
    std::unique_ptr<ImageDecoder> decoder_ = makeOpenCvImageDecoder();
};

QTEST_GUILESS_MAIN(TestPairsFiles)
#include "test_pairs_files.moc"
