// Finding photos and deciding what to do with them: the folder walk, change detection
// (new / changed / moved / removed / unchanged), EXIF dates and the query syntax.

#include "library_test_support.h"

#include "library/change_detector.h"
#include "clip/image/photo_date_taken.h"
#include "library/photo_scanner.h"
#include "clip/image/photo_decoder.h"
#include "library/query_parser.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

using namespace clipdesk;
namespace fs = std::filesystem;

namespace {

void touch(const fs::path& p, const std::string& bytes = "x") {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

std::vector<std::string> pathsOf(const ScanResult& r, const fs::path& root) {
    std::vector<std::string> out;
    for (const auto& f : r.files) out.push_back(fs::path(f.path).lexically_relative(root).string());
    return out;
}

PhotoRecord record(std::int64_t id, const std::string& path, std::int64_t size, std::int64_t mtime, PhotoState state,
                   std::optional<std::int64_t> fingerprint = std::nullopt) {
    PhotoRecord r;
    r.id = id;
    r.path = path;
    r.size = size;
    r.mtimeNs = mtime;
    r.state = state;
    r.fingerprint = fingerprint;
    return r;
}

std::optional<std::string> dateOf(const std::vector<std::uint8_t>& bytes) {
    const auto taken = readPhotoDateTaken(bytes.data(), bytes.size());
    return taken ? std::optional<std::string>(taken->local) : std::nullopt;
}

}  // namespace

class TestLibraryScan : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path dir(const char* name) const { return fs::path(tmp_.path().toStdString()) / name; }

private Q_SLOTS:
    void photoExtensionsIgnoreCase() {
        for (const char* yes : {"a.jpg", "b.JPEG", "c.Png", "d.webp", "e.BMP", "f.tif", "g.TIFF", "x.y.jpg", "h.HEIC",
                                "i.heif", "j.avif", "k.CR2", "l.cr3", "m.NEF", "n.arw", "o.dng", "p.RAF", "q.orf",
                                "r.rw2"})
            QVERIFY2(isPhotoFileName(yes), yes);
        for (const char* no : {"jpg", ".jpg", "a.jpg.txt", "a.gif", "a.", "readme", "dir.cr2/readme", "a.xmp"})
            QVERIFY2(!isPhotoFileName(no), no);
    }

    void walkFindsPhotosRecursivelyInOrder() {
        const auto root = dir("walk");
        touch(root / "b.JPG");
        touch(root / "a.png");
        touch(root / "notes.txt");
        touch(root / "sub/deeper/c.webp", "12345");
        touch(root / "name with spaces é.jpg");
        touch(root / "line\nbreak.jpg");
        touch(root / ".hidden/d.jpg");
        touch(root / ".e.jpg");
        const auto r = scanPhotos(root.string(), {});
        QCOMPARE(pathsOf(r, root), (std::vector<std::string>{"a.png", "b.JPG", "line\nbreak.jpg",
                                                             "name with spaces é.jpg", "sub/deeper/c.webp"}));
        QCOMPARE(r.files.back().size, std::int64_t{5});
        QVERIFY(r.files.back().mtimeNs > 0);
        QVERIFY(r.problems.empty());
        const auto withHidden = scanPhotos(root.string(), ScanOptions{true});
        QCOMPARE(withHidden.files.size(), std::size_t(7));
    }

    void phoneAndCameraFormatsAreScannedAndRawPlusJpegIsIndexedOnce() {
        const auto root = dir("camera");
        touch(root / "IMG_0001.CR2");
        touch(root / "img_0001.JPG");    // the same shot, rendered: indexed instead of the RAW
        touch(root / "IMG_0002.NEF");    // RAW only: indexed
        touch(root / "IMG_0003.HEIC");
        touch(root / "IMG_0003.dng");    // beside a HEIC of the same shot
        touch(root / "other/IMG_0001.ARW");  // same name, another folder: not a pair
        touch(root / "clip.avif");
        const auto r = scanPhotos(root.string(), {});
        QCOMPARE(pathsOf(r, root), (std::vector<std::string>{"IMG_0002.NEF", "IMG_0003.HEIC", "clip.avif",
                                                             "img_0001.JPG", "other/IMG_0001.ARW"}));
        QCOMPARE(r.rawCompanions.size(), std::size_t(2));
        QCOMPARE(r.rawCompanions[0].rawPath, (root / "IMG_0001.CR2").string());
        QCOMPARE(r.rawCompanions[0].renderedPath, (root / "img_0001.JPG").string());
        QCOMPARE(r.rawCompanions[1].rawPath, (root / "IMG_0003.dng").string());
        QCOMPARE(r.rawCompanions[1].renderedPath, (root / "IMG_0003.HEIC").string());
    }

    void symlinkLoopsAndAliasesAreVisitedOnce() {
        const auto root = dir("links");
        touch(root / "real/a.jpg");
        fs::create_directory_symlink(root, root / "real/loop");      // back to the top
        fs::create_directory_symlink(root / "real", root / "alias");  // the same folder again
        fs::create_symlink(root / "real/a.jpg", root / "real/also-a.jpg");
        fs::create_symlink(root / "nowhere.jpg", root / "broken.jpg");
        const auto r = scanPhotos(root.string(), {});
        QCOMPARE(r.files.size(), std::size_t(1));
        QCOMPARE(r.problems.size(), std::size_t(1));
        QCOMPARE(r.problems[0].path, (root / "broken.jpg").string());
        QCOMPARE(r.problems[0].reason, std::string("broken symbolic link"));
    }

    void folderDeletedDuringTheScanIsReported() {
        const auto root = dir("vanishing");
        touch(root / "a/1.jpg");
        touch(root / "b/2.jpg");
        std::vector<std::string> entered;
        const auto r = scanPhotos(root.string(), {}, [&](const std::string& folder, std::int64_t) {
            entered.push_back(folder);
            if (folder == (root / "a").string()) fs::remove_all(root / "b");  // listed already, not yet entered
            return true;
        });
        QCOMPARE(entered.size(), std::size_t(3));
        QCOMPARE(pathsOf(r, root), (std::vector<std::string>{"a/1.jpg"}));
        QCOMPARE(r.problems.size(), std::size_t(1));
        QCOMPARE(r.problems[0].path, (root / "b").string());
        QCOMPARE(r.problems[0].reason, std::string("folder disappeared during the scan"));
        QVERIFY(r.unreadableFolders.empty());  // gone, so its photos are gone too
    }

    void missingRootAndCancellation() {
        const auto missing = scanPhotos(dir("absent").string(), {});
        QVERIFY(missing.rootMissing);
        QCOMPARE(missing.problems[0].reason, std::string("folder not found"));
        const auto root = dir("cancel");
        touch(root / "a/1.jpg");
        touch(root / "b/2.jpg");
        const auto r = scanPhotos(root.string(), {}, [](const std::string&, std::int64_t found) { return found == 0; });
        QVERIFY(r.cancelled);
    }

    void changesAreClassified() {
        const std::vector<PhotoRecord> known = {
            record(1, "/p/same.jpg", 10, 100, PhotoState::Indexed),
            record(2, "/p/edited.jpg", 10, 100, PhotoState::Indexed),
            record(3, "/p/old-name.jpg", 30, 300, PhotoState::Indexed, 777),
            record(4, "/p/deleted.jpg", 30, 300, PhotoState::Indexed, 888),
            record(5, "/p/interrupted.jpg", 50, 500, PhotoState::Pending),
            record(6, "/p/stale.jpg", 60, 600, PhotoState::Stale),
            record(7, "/p/broken.jpg", 70, 700, PhotoState::Failed),
            record(8, "/p/locked/kept.jpg", 80, 800, PhotoState::Indexed),
        };
        ScanResult scan;
        scan.files = {{"/p/same.jpg", 10, 100},        {"/p/edited.jpg", 11, 150},  {"/p/new-name.jpg", 30, 301},
                      {"/p/brand-new.jpg", 40, 400},   {"/p/same-size.jpg", 30, 302}, {"/p/interrupted.jpg", 50, 500},
                      {"/p/stale.jpg", 60, 600},       {"/p/broken.jpg", 70, 700}};
        scan.unreadableFolders = {"/p/locked"};
        std::vector<std::string> fingerprinted;
        const auto fingerprint = [&](const std::string& path) -> std::optional<std::int64_t> {
            fingerprinted.push_back(path);
            return path == "/p/new-name.jpg" ? 777 : 999;
        };
        const auto plan = planChanges(known, scan, false, fingerprint);
        QCOMPARE(plan.unchanged, std::int64_t{3});  // same, broken (not retried), locked/kept
        QCOMPARE(plan.added.size(), std::size_t(2));
        QCOMPARE(plan.added[0].path, std::string("/p/brand-new.jpg"));
        QCOMPARE(plan.added[1].path, std::string("/p/same-size.jpg"));
        QCOMPARE(plan.changed.size(), std::size_t(3));
        QCOMPARE(plan.changed[0].record.id, std::int64_t{2});
        QCOMPARE(plan.changed[0].file.size, std::int64_t{11});
        QCOMPARE(plan.changed[1].record.id, std::int64_t{5});
        QCOMPARE(plan.changed[2].record.id, std::int64_t{6});
        QCOMPARE(plan.moved.size(), std::size_t(1));
        QCOMPARE(plan.moved[0].record.id, std::int64_t{3});
        QCOMPARE(plan.moved[0].file.path, std::string("/p/new-name.jpg"));
        QCOMPARE(plan.removed.size(), std::size_t(1));
        QCOMPARE(plan.removed[0].id, std::int64_t{4});
        // Only new files with the size of a vanished photo were read (brand-new.jpg was not).
        QCOMPARE(fingerprinted, (std::vector<std::string>{"/p/new-name.jpg", "/p/same-size.jpg"}));

        const auto retry = planChanges(known, scan, true, fingerprint);
        QCOMPARE(retry.changed.size(), std::size_t(4));
        QCOMPARE(retry.unchanged, std::int64_t{2});
    }

    void missingRootKeepsEverything() {
        const std::vector<PhotoRecord> known = {record(1, "/usb/a.jpg", 1, 1, PhotoState::Indexed)};
        ScanResult scan;
        scan.rootMissing = true;
        const auto plan = planChanges(known, scan, false, [](const std::string&) { return std::nullopt; });
        QVERIFY(plan.removed.empty());
        QCOMPARE(plan.unchanged, std::int64_t{1});
    }

    void exifDateIsReadFromJpegAndTiff() {
        using test::jpegWithExifDate;
        QCOMPARE(dateOf(jpegWithExifDate("2019:07:14 18:30:05", false)).value_or("none"), std::string("2019-07-14 18:30:05"));
        QCOMPARE(dateOf(jpegWithExifDate("2001:01:02 03:04:05", true)).value_or("none"), std::string("2001-01-02 03:04:05"));
        QCOMPARE(dateOf(jpegWithExifDate("2010:12:31 23:59:59", false, false)).value_or("none"),
                 std::string("2010-12-31 23:59:59"));  // DateTime in IFD0
        QVERIFY(!dateOf(jpegWithExifDate("0000:00:00 00:00:00", false)));
        QVERIFY(!dateOf(jpegWithExifDate("    :  :     :  :  ", false)));
        auto cut = jpegWithExifDate("2019:07:14 18:30:05", false);
        cut.resize(40);  // the segment claims more bytes than there are
        QVERIFY(!dateOf(cut));
        auto jpeg = jpegWithExifDate("2019:07:14 18:30:05", false);
        const std::vector<std::uint8_t> tiff(jpeg.begin() + 12, jpeg.end());  // after FFD8, FFE1, length, "Exif\0\0"
        QCOMPARE(dateOf(tiff).value_or("none"), std::string("2019-07-14 18:30:05"));
        const std::vector<std::uint8_t> plain = {0xFF, 0xD8, 0xFF, 0xD9};
        QVERIFY(!dateOf(plain));
    }

    void queryWordsFormOneDescription() {
        const auto q = parseQuery("  a dog on   a beach ");
        QCOMPARE(q.size(), std::size_t(1));
        QCOMPARE(q[0].text, std::string("a dog on a beach"));
        QCOMPARE(q[0].weight, 1.0);
    }

    void querySignsWeightsPhrasesAndImages() {
        const auto q = parseQuery("beach +sunset -people \"red car\"^1.5 -\"say \\\"cheese\\\"\"^0.8 snow^2 "
                                  "image:\"/a b/c.jpg\" +image:/d.png hill top");
        struct Expected {
            QueryConcept::Kind kind;
            const char* text;
            double weight;
        };
        const std::vector<Expected> expected = {
            {QueryConcept::Kind::Text, "beach", 1},           {QueryConcept::Kind::Text, "sunset", 1},
            {QueryConcept::Kind::Text, "people", -0.5},       {QueryConcept::Kind::Text, "red car", 1.5},
            {QueryConcept::Kind::Text, "say \"cheese\"", -0.8}, {QueryConcept::Kind::Text, "snow", 2},
            {QueryConcept::Kind::Image, "/a b/c.jpg", 1},     {QueryConcept::Kind::Image, "/d.png", 1},
            {QueryConcept::Kind::Text, "hill top", 1},
        };
        QCOMPARE(q.size(), expected.size());
        for (std::size_t i = 0; i < q.size(); ++i) {
            QCOMPARE(q[i].kind, expected[i].kind);
            QCOMPARE(q[i].text, std::string(expected[i].text));
            QCOMPARE(q[i].weight, expected[i].weight);
        }
        QCOMPARE(parseQuery("t-shirt")[0].text, std::string("t-shirt"));
    }

    void querySyntaxErrorsNameTheColumn() {
        const std::vector<std::pair<const char*, const char*>> cases = {
            {"", "empty"},
            {"-people", "positive weight"},
            {"beach \"red car", "column 7: unterminated quote"},
            {"beach^", "column 6: the weight after '^'"},
            {"beach^x", "not 'x'"},
            {"beach^-1", "positive number"},
            {"beach + sunset", "column 7: '+' must be followed"},
            {"\"a\"b", "space after the closing quote"},
            {"image:", "file path"},
            {"\"  \"", "empty quoted phrase"},
        };
        for (const auto& [query, message] : cases) {
            try {
                parseQuery(query);
                QFAIL(qPrintable(QString("accepted: ") + query));
            } catch (const QuerySyntaxError& e) {
                QVERIFY2(std::string(e.what()).find(message) != std::string::npos, e.what());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestLibraryScan)
#include "test_library_scan.moc"
