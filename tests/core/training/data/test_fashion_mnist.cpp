// Fashion-MNIST: IDX files (raw and gzip) read into pairs with templated captions, malformed
// files rejected with the reason, and the prompt sets. The real data set: test_fashion_mnist_real.cpp.

#include "data_test_files.h"

#include "clip/image/opencv_image_decoder.h"
#include "training/data/caption_languages.h"
#include "training/data/caption_templates.h"
#include "training/data/fashion_mnist.h"
#include "training/data/fashion_mnist_prompts.h"
#include "training/data/idx_file.h"
#include "training/data/open_pairs.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <algorithm>
#include <set>

using namespace clipdesk;
using clipdesk::test::gzipped;
using clipdesk::test::pairsErrorOf;
using clipdesk::test::writeFileText;

namespace {

std::string idxBytes(std::uint8_t dims, const std::vector<std::uint32_t>& sizes, const std::vector<std::uint8_t>& data) {
    std::string out{'\0', '\0', '\x08', static_cast<char>(dims)};
    for (std::uint32_t s : sizes)
        for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((s >> shift) & 0xFF);
    out.append(data.begin(), data.end());
    return out;
}

// `count` images of 3 rows x 4 columns; pixel p of image i is 10 * i + p.
std::string imagesIdx(std::uint32_t count) {
    std::vector<std::uint8_t> data;
    for (std::uint32_t i = 0; i < count; ++i)
        for (int p = 0; p < 12; ++p) data.push_back(static_cast<std::uint8_t>(10 * i + p));
    return idxBytes(3, {count, 3, 4}, data);
}

std::string labelsIdx(const std::vector<std::uint8_t>& labels) {
    return idxBytes(1, {static_cast<std::uint32_t>(labels.size())}, labels);
}

// Every caption that a template and a synonym of `label` can make.
std::set<std::string> possibleCaptions(int label, const std::vector<std::string>& templates) {
    std::set<std::string> out;
    for (const std::string& t : templates)
        for (const std::string& word : fashionMnistSynonyms()[static_cast<std::size_t>(label)]) out.insert(fillCaption(t, word));
    return out;
}

// Every Chinese caption of `label`: a Chinese template filled with one of its Chinese words.
std::set<std::string> possibleChineseCaptions(int label) {
    std::set<std::string> out;
    for (const std::string& t : fashionMnistChineseTrainingTemplates())
        for (const std::string& word : fashionMnistChineseSynonyms()[static_cast<std::size_t>(label)])
            out.insert(fillTemplate(t, word));
    return out;
}

}  // namespace

class TestFashionMnist : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void readsRawIdxFiles() {
        const std::string root = path("raw");
        writeFileText(root + "/train-images-idx3-ubyte", imagesIdx(5));
        writeFileText(root + "/train-labels-idx1-ubyte", labelsIdx({9, 0, 3, 3, 7}));
        const auto pairs = open(root);  // detected from the file names
        QCOMPARE(pairs->size(), std::size_t{5});
        QCOMPARE(pairs->classNames(), fashionMnistClassNames());
        QCOMPARE(pairs->label(0), 9);
        QCOMPARE(pairs->label(4), 7);
        const RgbImage image = pairs->image(2);
        QCOMPARE(image.width, 4);
        QCOMPARE(image.height, 3);
        for (int p = 0; p < 12; ++p)
            for (int c = 0; c < 3; ++c) QCOMPARE(int(image.pixels[3 * p + c]), 20 + p);  // grey replicated to RGB
        QCOMPARE(pairs->describe(1), root + "/train-images-idx3-ubyte item 1");

        const std::set<std::string> allowed = possibleCaptions(3, fashionMnistTrainingTemplates());
        std::set<std::string> drawn;
        for (std::uint64_t seed = 0; seed < 200; ++seed) {
            std::mt19937_64 rng(seed);
            const std::string caption = pairs->caption(2, rng);
            QVERIFY2(allowed.count(caption) == 1, caption.c_str());
            drawn.insert(caption);
        }
        QVERIFY2(drawn.size() > 20, "captions should vary over templates and synonyms");
    }

    void readsGzipFilesAndTheTestSplit() {
        const std::string root = path("gz");
        writeFileText(root + "/t10k-images-idx3-ubyte.gz", gzipped(imagesIdx(3)));
        writeFileText(root + "/t10k-labels-idx1-ubyte.gz", gzipped(labelsIdx({1, 2, 8})));
        PairsOptions options;
        options.split = "test";
        const auto pairs = open(root, options);
        QCOMPARE(pairs->size(), std::size_t{3});
        QCOMPARE(pairs->label(2), 8);
        QCOMPARE(int(pairs->image(1).pixels[0]), 10);
        // The training split is not there.
        QVERIFY(pairsErrorOf([&] { open(root); })
                    .endsWith("no Fashion-MNIST train files (expected train-images-idx3-ubyte[.gz] and "
                              "train-labels-idx1-ubyte[.gz])"));
        options.split = "validation";
        QVERIFY(pairsErrorOf([&] { open(root, options); })
                    .endsWith("unknown Fashion-MNIST split 'validation' (expected train or test)"));
    }

    void prefersTheUncompressedFile() {
        const std::string root = path("both");
        writeFileText(root + "/train-images-idx3-ubyte", imagesIdx(2));
        writeFileText(root + "/train-images-idx3-ubyte.gz", gzipped(imagesIdx(4)));
        writeFileText(root + "/train-labels-idx1-ubyte.gz", gzipped(labelsIdx({0, 1})));
        QCOMPARE(open(root)->size(), std::size_t{2});
    }

    void templatesCanBeReplaced() {
        const std::string root = path("templated");
        writeFileText(root + "/train-images-idx3-ubyte", imagesIdx(1));
        writeFileText(root + "/train-labels-idx1-ubyte", labelsIdx({8}));
        PairsOptions options;
        options.templates = {"my {}"};
        const auto pairs = open(root, options);
        std::mt19937_64 rng(1);
        QVERIFY(possibleCaptions(8, options.templates).count(pairs->caption(0, rng)) == 1);
    }

    void malformedFiles_data() {
        QTest::addColumn<QByteArray>("images");
        QTest::addColumn<QByteArray>("labels");
        QTest::addColumn<QString>("expected");
        const auto bytes = [](const std::string& s) { return QByteArray(s.data(), int(s.size())); };
        const std::string images = imagesIdx(5);
        const std::string labels = labelsIdx({0, 1, 2, 3, 4});
        QTest::newRow("labels as images") << bytes(labels) << bytes(labels)
                                          << "train-images-idx3-ubyte: not an IDX file of unsigned bytes with 3 "
                                             "dimensions (magic number 0x00000801, expected 0x00000803)";
        QTest::newRow("float IDX") << bytes(std::string("\0\0\x0D\x03", 4) + images.substr(4)) << bytes(labels)
                                   << "(magic number 0x00000D03, expected 0x00000803)";
        QTest::newRow("truncated data") << bytes(images.substr(0, images.size() - 1)) << bytes(labels)
                                        << "train-images-idx3-ubyte: the header gives 60 bytes of data but the file "
                                           "has 59 (truncated)";
        QTest::newRow("extra data") << bytes(images + "x") << bytes(labels)
                                    << "train-images-idx3-ubyte: the header gives 60 bytes of data but the file has 61";
        QTest::newRow("truncated header") << bytes(images.substr(0, 10)) << bytes(labels)
                                          << "train-images-idx3-ubyte: truncated IDX header (10 bytes, expected 16)";
        QTest::newRow("tiny file") << QByteArray("ab") << bytes(labels)
                                   << "train-images-idx3-ubyte: not an IDX file (only 2 bytes)";
        QTest::newRow("count mismatch") << bytes(images) << bytes(labelsIdx({0, 1, 2, 3}))
                                        << "train-labels-idx1-ubyte: 4 labels for 5 images in ";
        QTest::newRow("label out of range") << bytes(images) << bytes(labelsIdx({0, 10, 2, 3, 4}))
                                            << "train-labels-idx1-ubyte: label 10 of item 1 is not a class (expected 0 to 9)";
    }

    void malformedFiles() {
        QFETCH(QByteArray, images);
        QFETCH(QByteArray, labels);
        QFETCH(QString, expected);
        const std::string root = path("bad");
        writeFileText(root + "/train-images-idx3-ubyte", images.toStdString());
        writeFileText(root + "/train-labels-idx1-ubyte", labels.toStdString());
        const QString message = pairsErrorOf([&] { open(root); });
        QVERIFY2(message.contains(QString::fromStdString(root + "/") + expected) ||
                     (expected.startsWith('(') && message.contains(expected)),
                 qPrintable(message));
    }

    void truncatedGzip() {
        const std::string root = path("badgz");
        const std::string gz = gzipped(imagesIdx(50));
        writeFileText(root + "/train-images-idx3-ubyte.gz", gz.substr(0, gz.size() / 2));
        writeFileText(root + "/train-labels-idx1-ubyte", labelsIdx(std::vector<std::uint8_t>(50, 1)));
        const QString message = pairsErrorOf([&] { open(root); });
        QVERIFY2(message.startsWith(QString::fromStdString(root + "/train-images-idx3-ubyte.gz: ")), qPrintable(message));
        QVERIFY2(message.contains("truncated"), qPrintable(message));
    }

    void idxFileOfOtherShapes() {
        const std::string file = path("shape.idx");
        writeFileText(file, idxBytes(2, {2, 3}, {1, 2, 3, 4, 5, 6}));
        const IdxArray array = readIdxFile(file, 2);
        QCOMPARE(array.dims, (std::vector<std::size_t>{2, 3}));
        QCOMPARE(array.data, (std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6}));
    }

    void promptSets() {
        QCOMPARE(fashionMnistClassNames(),
                 (std::vector<std::string>{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                                           "Sneaker", "Bag", "Ankle boot"}));
        const auto& synonyms = fashionMnistSynonyms();
        QCOMPARE(synonyms.size(), std::size_t{10});
        std::set<std::string> allWords;
        for (const auto& words : synonyms) {
            QVERIFY(words.size() >= 3);
            for (const std::string& w : words) QVERIFY2(allWords.insert(w).second, ("synonym in two classes: " + w).c_str());
        }
        // Zero-shot evaluation names the classes as the dataset does; training must have seen those words.
        for (std::size_t c = 0; c < synonyms.size(); ++c) {
            std::string plain = fashionMnistClassNames()[c];
            std::transform(plain.begin(), plain.end(), plain.begin(), [](unsigned char ch) { return std::tolower(ch); });
            QVERIFY2(std::find(synonyms[c].begin(), synonyms[c].end(), plain) != synonyms[c].end(), plain.c_str());
        }
        const auto& training = fashionMnistTrainingTemplates();
        const auto& heldOut = fashionMnistHeldOutTemplates();
        QVERIFY(training.size() >= 15);
        QVERIFY(heldOut.size() >= 8);
        const std::set<std::string> trainingSet(training.begin(), training.end());
        const std::set<std::string> heldOutSet(heldOut.begin(), heldOut.end());
        QCOMPARE(trainingSet.size(), training.size());
        QCOMPARE(heldOutSet.size(), heldOut.size());
        for (const std::string& t : heldOut) QVERIFY2(trainingSet.count(t) == 0, ("held-out template used in training: " + t).c_str());
        for (const auto* set : {&training, &heldOut})
            for (const std::string& t : *set) {
                const std::size_t slot = t.find("{}");
                QVERIFY2(slot != std::string::npos && t.find("{}", slot + 1) == std::string::npos, t.c_str());
            }
    }

    void chinesePromptSets() {
        QCOMPARE(fashionMnistChineseClassNames(),
                 (std::vector<std::string>{"T恤", "裤子", "套头衫", "连衣裙", "外套", "凉鞋", "衬衫", "运动鞋", "包", "短靴"}));
        const auto& synonyms = fashionMnistChineseSynonyms();
        QCOMPARE(synonyms.size(), std::size_t{10});
        std::set<std::string> allWords;
        for (std::size_t c = 0; c < synonyms.size(); ++c) {
            QVERIFY(synonyms[c].size() >= 4 && synonyms[c].size() <= 6);
            QCOMPARE(synonyms[c].front(), fashionMnistChineseClassNames()[c]);  // evaluation's name was trained on
            for (const std::string& w : synonyms[c]) QVERIFY2(allWords.insert(w).second, ("word in two classes: " + w).c_str());
        }
        QVERIFY(std::find(synonyms[7].begin(), synonyms[7].end(), "球鞋") != synonyms[7].end());
        const auto& training = fashionMnistChineseTrainingTemplates();
        const auto& heldOut = fashionMnistChineseHeldOutTemplates();
        QCOMPARE(training.size(), std::size_t{16});
        QCOMPARE(heldOut.size(), std::size_t{10});
        const std::set<std::string> trainingSet(training.begin(), training.end());
        QCOMPARE(trainingSet.size(), training.size());
        QCOMPARE(std::set<std::string>(heldOut.begin(), heldOut.end()).size(), heldOut.size());
        for (const std::string& t : heldOut) {
            QVERIFY2(trainingSet.count(t) == 0, ("held-out template used in training: " + t).c_str());
            QCOMPARE(fillTemplate(t, "").size() + 2, t.size());  // exactly one slot
        }
        QCOMPARE(heldOut.front(), std::string("一张{}的照片。"));
    }

    void captionsInChineseOrBoth() {
        const std::string root = path("languages");
        writeFileText(root + "/train-images-idx3-ubyte", imagesIdx(3));
        writeFileText(root + "/train-labels-idx1-ubyte", labelsIdx({7, 0, 8}));
        PairsOptions options;
        options.captionLanguages = CaptionLanguages::Chinese;
        const auto chinese = open(root, options);
        QCOMPARE(chinese->classNames(), fashionMnistClassNames());  // labels stay the dataset's
        const auto allowedChinese = possibleChineseCaptions(7);
        std::set<std::string> drawn;
        for (std::uint64_t seed = 0; seed < 300; ++seed) {
            std::mt19937_64 rng(seed);
            const std::string caption = chinese->caption(0, rng);
            QVERIFY2(allowedChinese.count(caption) == 1, caption.c_str());
            drawn.insert(caption);
        }
        QVERIFY2(drawn.size() > 30, "Chinese captions should vary over templates and words");

        // English alone draws exactly what it drew before there was a choice.
        const auto english = open(root);
        options.captionLanguages = CaptionLanguages::English;
        const auto explicitEnglish = open(root, options);
        for (std::uint64_t seed = 0; seed < 50; ++seed) {
            std::mt19937_64 a(seed), b(seed);
            QCOMPARE(english->caption(1, a), explicitEnglish->caption(1, b));
        }

        // Both: each caption is wholly one language, about half each, the same for the same seed.
        options.captionLanguages = CaptionLanguages::EnglishAndChinese;
        const auto both = open(root, options);
        const auto allowedEnglish = possibleCaptions(8, fashionMnistTrainingTemplates());
        const auto allowedChineseBag = possibleChineseCaptions(8);
        std::mt19937_64 rng(42), again(42);
        int inChinese = 0;
        constexpr int kDraws = 2000;
        for (int i = 0; i < kDraws; ++i) {
            const std::string caption = both->caption(2, rng);
            QCOMPARE(both->caption(2, again), caption);
            const bool zh = allowedChineseBag.count(caption) == 1;
            QVERIFY2(zh || allowedEnglish.count(caption) == 1, caption.c_str());
            inChinese += zh ? 1 : 0;
        }
        QVERIFY2(inChinese > kDraws * 45 / 100 && inChinese < kDraws * 55 / 100, qPrintable(QString::number(inChinese)));
    }

    void captionLanguagesAreParsed() {
        QCOMPARE(parseCaptionLanguages("en"), CaptionLanguages::English);
        QCOMPARE(parseCaptionLanguages("zh"), CaptionLanguages::Chinese);
        QCOMPARE(parseCaptionLanguages("en,zh"), CaptionLanguages::EnglishAndChinese);
        QCOMPARE(parseCaptionLanguages("zh,en"), CaptionLanguages::EnglishAndChinese);
        QCOMPARE(captionLanguagesName(CaptionLanguages::EnglishAndChinese), std::string("en,zh"));
        try {
            parseCaptionLanguages("fr");
            QFAIL("accepted fr");
        } catch (const std::invalid_argument& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("caption languages \"fr\": expected en, zh, or en,zh (both, a language drawn per caption)"));
        }
    }

private:
    std::string path(const std::string& relative) const { return dir_.filePath(QString::fromStdString(relative)).toStdString(); }
    std::unique_ptr<PairDataset> open(const std::string& where, const PairsOptions& options = {}) const {
        return openPairs(where, options, *decoder_);
    }

    QTemporaryDir dir_;
    std::unique_ptr<ImageDecoder> decoder_ = makeOpenCvImageDecoder();
};

QTEST_GUILESS_MAIN(TestFashionMnist)
#include "test_fashion_mnist.moc"
