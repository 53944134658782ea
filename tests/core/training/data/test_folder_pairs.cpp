// Folders as datasets: images with NAME.txt caption files beside them, and folder-per-label
// trees captioned through templates; how openPairs tells them apart.

#include "data_test_files.h"

#include "clip/image/opencv_image_decoder.h"
#include "training/data/caption_templates.h"
#include "training/data/open_pairs.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <memory>
#include <set>

using namespace clipdesk;
using clipdesk::test::pairsErrorOf;
using clipdesk::test::writeFileText;
using clipdesk::test::writeTestImage;

namespace {

std::set<std::string> captionsOf(const PairDataset& pairs, std::size_t i) {
    std::set<std::string> seen;
    for (std::uint64_t seed = 0; seed < 64; ++seed) {
        std::mt19937_64 rng(seed);
        seen.insert(pairs.caption(i, rng));
    }
    return seen;
}

int tagOf(const RgbImage& image) { return image.pixels.empty() ? -1 : image.pixels[0]; }

}  // namespace

class TestFolderPairs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void captionFiles() {
        const std::string root = path("captioned");
        writeTestImage(root + "/a.png", 10, 10, 1);
        writeFileText(root + "/a.txt", "a red square\n");
        writeTestImage(root + "/b.PNG", 12, 8, 2);
        writeFileText(root + "/b.txt", "\xEF\xBB\xBF  first caption\r\n\r\n second caption \r\n");
        writeTestImage(root + "/sub/c.webp", 8, 8, 3);
        writeFileText(root + "/sub/c.txt", "nested");
        writeFileText(root + "/notes.txt", "a caption file without an image is ignored");
        writeTestImage(root + "/.hidden.png", 8, 8, 9);
        writeTestImage(root + "/.cache/d.png", 8, 8, 9);
        const auto pairs = open(root);
        QCOMPARE(pairs->size(), std::size_t{3});
        QCOMPARE(pairs->describe(0), root + "/a.png");
        QCOMPARE(pairs->describe(1), root + "/b.PNG");
        QCOMPARE(pairs->describe(2), root + "/sub/c.webp");
        QCOMPARE(captionsOf(*pairs, 0), std::set<std::string>{"a red square"});
        QCOMPARE(captionsOf(*pairs, 1), (std::set<std::string>{"first caption", "second caption"}));
        QCOMPARE(captionsOf(*pairs, 2), std::set<std::string>{"nested"});
        QCOMPARE(tagOf(pairs->image(0)), 1);
        QCOMPARE(tagOf(pairs->image(1)), 2);
        QCOMPARE(pairs->image(2).width, 8);
        QCOMPARE(pairs->label(0), -1);
    }

    void imagesWithoutCaptionFilesAreListed() {
        const std::string root = path("uncaptioned");
        for (int i = 0; i < 7; ++i) writeTestImage(root + "/img" + std::to_string(i) + ".png", 8, 8);
        writeFileText(root + "/img3.txt", "the only caption");
        QCOMPARE(pairsErrorOf([&] { open(root); }),
                 QString::fromStdString(root + ": 6 of 7 images have no caption file beside them (photo.jpg needs "
                                               "photo.txt): img0.png, img1.png, img2.png, img4.png, img5.png, ..."));
    }

    void badCaptionFiles() {
        const std::string root = path("badcaptions");
        writeTestImage(root + "/empty.png", 8, 8);
        writeFileText(root + "/empty.txt", " \n\t\r\n");
        QCOMPARE(pairsErrorOf([&] { open(root); }), QString::fromStdString(root + "/empty.txt: caption is empty"));

        const std::string other = path("badutf8");
        writeTestImage(other + "/u.png", 8, 8);
        writeFileText(other + "/u.txt", "fine line\nbad \xFF byte\n");
        QCOMPARE(pairsErrorOf([&] { open(other); }),
                 QString::fromStdString(other + "/u.txt:2: invalid UTF-8 (byte 0xFF at character 5)"));
    }

    void skipBadRowsInCaptionFiles() {
        const std::string root = path("partly");
        writeTestImage(root + "/good.png", 8, 8, 5);
        writeFileText(root + "/good.txt", "kept");
        writeTestImage(root + "/nocaption.png", 8, 8);
        writeTestImage(root + "/empty.png", 8, 8);
        writeFileText(root + "/empty.txt", "");
        writeTestImage(root + "/utf.png", 8, 8);
        writeFileText(root + "/utf.txt", "\xC0\xAF");
        test::WarningCollector warnings;
        PairsOptions options;
        options.skipBadRows = true;
        options.warn = warnings.sink();
        const auto pairs = open(root, options);
        QCOMPARE(pairs->size(), std::size_t{1});
        QCOMPARE(tagOf(pairs->image(0)), 5);
        const std::vector<std::string> expected{
            root + "/empty.txt: caption is empty (skipped)",
            root + "/nocaption.png: no caption file nocaption.txt beside it (skipped)",
            root + "/utf.txt:1: invalid UTF-8 (byte 0xC0 at character 1) (skipped)",
        };
        QCOMPARE(warnings.messages, expected);
    }

    void folderWithoutImages() {
        const std::string root = path("noimages");
        writeFileText(root + "/readme.txt", "nothing here");
        QVERIFY(pairsErrorOf([&] { open(root); }).startsWith(QString::fromStdString(root + ": no images found")));
    }

    void labelFolders() {
        const std::string root = path("labels");
        writeTestImage(root + "/golden_retriever/1.png", 8, 8, 1);
        writeTestImage(root + "/golden_retriever/2.jpg", 8, 8);
        writeTestImage(root + "/cat/x.png", 8, 8, 3);
        writeTestImage(root + "/sea-lion/deeper/y.png", 8, 8, 4);
        writeFileText(root + "/cat/notes.md", "not an image");
        const auto pairs = open(root);
        QCOMPARE(pairs->classNames(), (std::vector<std::string>{"cat", "golden retriever", "sea lion"}));
        QCOMPARE(pairs->size(), std::size_t{4});
        QCOMPARE(pairs->describe(0), root + "/cat/x.png");
        QCOMPARE(pairs->label(0), 0);
        QCOMPARE(pairs->label(1), 1);
        QCOMPARE(pairs->label(2), 1);
        QCOMPARE(pairs->label(3), 2);
        QCOMPARE(tagOf(pairs->image(3)), 4);
        QCOMPARE(captionsOf(*pairs, 0), std::set<std::string>{"a photo of a cat."});
        QCOMPARE(captionsOf(*pairs, 3), std::set<std::string>{"a photo of a sea lion."});

        PairsOptions options;
        options.templates = {"a {} photo", "{}, {}!"};
        const auto templated = open(root, options);
        QCOMPARE(captionsOf(*templated, 1),
                 (std::set<std::string>{"a golden retriever photo", "golden retriever, golden retriever!"}));

        options.templates = {"no slot"};
        QVERIFY(pairsErrorOf([&] { open(root, options); }).contains("caption template \"no slot\" has no {}"));
    }

    void emptyLabelFolder() {
        const std::string root = path("withempty");
        writeTestImage(root + "/apple/a.png", 8, 8);
        QDir().mkpath(QString::fromStdString(root + "/banana"));
        writeTestImage(root + "/cherry/c.png", 8, 8);
        QCOMPARE(pairsErrorOf([&] { open(root); }), QString::fromStdString(root + "/banana: no images in this label folder"));
        test::WarningCollector warnings;
        PairsOptions options;
        options.skipBadRows = true;
        options.warn = warnings.sink();
        const auto pairs = open(root, options);
        QCOMPARE(pairs->classNames(), (std::vector<std::string>{"apple", "banana", "cherry"}));
        QCOMPARE(pairs->label(1), 2);
        QCOMPARE(warnings.messages.size(), std::size_t{1});
    }

    void forcedLabelFoldersIgnoreTopLevelImages() {
        const std::string root = path("mixedtop");
        writeTestImage(root + "/loose.png", 8, 8);
        writeTestImage(root + "/dog/d.png", 8, 8);
        // Auto-detection sees an image at the top without a caption file.
        QVERIFY(pairsErrorOf([&] { open(root); }).contains("have no caption file"));
        PairsOptions options;
        options.format = PairsFormat::LabelFolders;
        const auto pairs = open(root, options);
        QCOMPARE(pairs->size(), std::size_t{1});
        QCOMPARE(pairs->classNames(), std::vector<std::string>{"dog"});
    }

    void classNamesFromFolderNames() {
        QCOMPARE(classNameFromFolder("golden_retriever"), std::string("golden retriever"));
        QCOMPARE(classNameFromFolder("_t-shirt__top_"), std::string("t shirt top"));
        QCOMPARE(classNameFromFolder("Ankle boot"), std::string("Ankle boot"));
        QCOMPARE(fillTemplate("{} and {}", "x"), std::string("x and x"));
        // Training captions: the article agrees with the class name.
        QCOMPARE(fillCaption("a photo of a {}.", "ankle boot"), std::string("a photo of an ankle boot."));
        QCOMPARE(fillCaption("A {} on a table", "apple"), std::string("An apple on a table"));
        QCOMPARE(fillCaption("an {}.", "dog"), std::string("a dog."));
        QCOMPARE(fillCaption("a photo of a {}.", "dog"), std::string("a photo of a dog."));
        QCOMPARE(fillCaption("banana {}", "owl"), std::string("banana owl"));  // "banana" is no article
        QCOMPARE(fillCaption("{} and a {}", "egg"), std::string("egg and an egg"));
    }

private:
    std::string path(const std::string& relative) const { return dir_.filePath(QString::fromStdString(relative)).toStdString(); }
    std::unique_ptr<PairDataset> open(const std::string& where, const PairsOptions& options = {}) const {
        return openPairs(where, options, *decoder_);
    }

    QTemporaryDir dir_;
    std::unique_ptr<ImageDecoder> decoder_ = makeOpenCvImageDecoder();
};

QTEST_GUILESS_MAIN(TestFolderPairs)
#include "test_folder_pairs.moc"
