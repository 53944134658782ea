// clipdesk-cli duplicates (issue 16): a library of the shared sample photos, each with a JPEG
// quality-50 re-encode and a half-size copy (written here with OpenCV), indexed with the bundled
// clipdesk-mini through the binary. One JSON line per group, the keeper first; --threshold
// changes the grouping; a bad threshold is one line on stderr and exit 1.

#include "cli_json_run.h"
#include "shared_data.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <set>

using clipdesk::test::runCliJson;

namespace {
const char* const kPhotos[] = {"astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"};
}

class TestCliDuplicates : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString library_;

private Q_SLOTS:
    void initTestCase() {
        CLIPDESK_REQUIRE_SHARED(clipdesk::test::samplePhotosDir());
        const std::filesystem::path photos = dir_.filePath("photos").toStdString();
        std::filesystem::create_directories(photos);
        for (const char* name : kPhotos) {
            const cv::Mat image = cv::imread((clipdesk::test::samplePhotosDir() / name).string(), cv::IMREAD_COLOR);
            QVERIFY(!image.empty());
            const std::string stem = std::filesystem::path(name).stem().string();
            QVERIFY(cv::imwrite((photos / (stem + ".jpg")).string(), image, {cv::IMWRITE_JPEG_QUALITY, 95}));
            QVERIFY(cv::imwrite((photos / (stem + ".q50.jpg")).string(), image, {cv::IMWRITE_JPEG_QUALITY, 50}));
            cv::Mat half;
            cv::resize(image, half, {}, 0.5, 0.5, cv::INTER_AREA);
            QVERIFY(cv::imwrite((photos / (stem + ".half.jpg")).string(), half, {cv::IMWRITE_JPEG_QUALITY, 90}));
        }
        library_ = dir_.filePath("library");
        const auto index = runCliJson({"index", "--library", library_, "--model",
                                       QString(CLIPDESK_SOURCE_DIR) + "/models/clipdesk-mini", "--precision", "fp32",
                                       QString::fromStdString(photos.string())});
        QVERIFY2(index.exitCode == 0, qPrintable(index.stderrText));
    }

    void printsOneLinePerGroup() {
        const auto r = runCliJson({"duplicates", "--library", library_});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QCOMPARE(r.lines.size(), std::size(kPhotos));
        std::set<std::string> stems;
        for (std::size_t i = 0; i < r.lines.size(); ++i) {
            const auto& line = r.lines[i];
            QCOMPARE(line["group"].get<int>(), static_cast<int>(i + 1));
            QCOMPARE(line["max_distance"].get<double>(), 0.005);
            const auto& photos = line["photos"];
            QCOMPARE(photos.size(), std::size_t{3});
            const std::filesystem::path keeper = line["keeper"].get<std::string>();
            QCOMPARE(photos[0]["path"].get<std::string>(), keeper.string());
            QVERIFY(photos[0]["keeper"].get<bool>());
            QCOMPARE(keeper.filename().string(), keeper.stem().stem().string() + ".jpg");
            stems.insert(keeper.stem().string());
            for (std::size_t p = 1; p < photos.size(); ++p) {
                QVERIFY(!photos[p]["keeper"].get<bool>());
                QVERIFY(photos[p]["distance"].get<double>() <= 0.005);
                QCOMPARE(std::filesystem::path(photos[p]["path"].get<std::string>()).filename().string().substr(0, keeper.stem().string().size()),
                         keeper.stem().string());
                QVERIFY(photos[p]["width"].get<int>() * photos[p]["height"].get<int>() <=
                        photos[0]["width"].get<int>() * photos[0]["height"].get<int>());
            }
            QVERIFY(photos[0]["file_size"].get<std::int64_t>() > 0);
            QCOMPARE(photos[0]["folder"].get<std::string>(), dir_.filePath("photos").toStdString());
            QVERIFY(photos[0].contains("taken_at"));
        }
        QCOMPARE(stems.size(), std::size(kPhotos));
    }

    void thresholdChangesTheGroups() {
        const auto none = runCliJson({"duplicates", "--library", library_, "--threshold", "0"});
        QVERIFY2(none.exitCode == 0, qPrintable(none.stderrText));
        QVERIFY(none.lines.empty());
        // Far beyond any near-duplicate: everything is one group.
        const auto all = runCliJson({"duplicates", "--library", library_, "--threshold", "1.5"});
        QCOMPARE(all.lines.size(), std::size_t{1});
        QCOMPARE(all.lines[0]["photos"].size(), std::size_t{3 * std::size(kPhotos)});
        const auto bad = runCliJson({"duplicates", "--library", library_, "--threshold", "3"});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.stderrText.contains("from 0 to 2"), qPrintable(bad.stderrText));
        QCOMPARE(bad.stderrText.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestCliDuplicates)
#include "test_cli_duplicates.moc"
