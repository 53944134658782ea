// The vector index file against the database after faults (issue 19): a run that died
// between its database commit and the index save, another library's file, a file of the first
// format, damaged or missing embedding rows, and `status --check`'s vector check.
//
// Saves are atomic (temporary file, then rename), so what a SIGKILL or a full disk at save
// time leaves on disk is exactly the last completed save: the tests recreate that state by
// putting an earlier save back after the database has moved on.

#include "library_test_support.h"
#include "shared_data.h"

#include "clip/clip_embedder.h"
#include "library/photo_indexer.h"
#include "library/photo_library.h"

#include <zlib.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <iterator>

using namespace clipdesk;
namespace fs = std::filesystem;

namespace {

std::vector<std::uint8_t> readBytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const fs::path& file, const std::vector<std::uint8_t>& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(bytes.data()),
                                                                  static_cast<std::streamsize>(bytes.size()));
}

void putLe(std::uint8_t* out, std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

// The same index as the first file format wrote it: payload, then "CLDPVEC1", its length and
// CRC-32, and four zero bytes (no stamp).
void rewriteAsFirstFormat(const fs::path& file) {
    auto bytes = readBytes(file);
    bytes.resize(bytes.size() - 40);  // today's trailer
    std::uint8_t trailer[24] = {'C', 'L', 'D', 'P', 'V', 'E', 'C', '1'};
    putLe(trailer + 8, bytes.size(), 8);
    putLe(trailer + 16, crc32_z(crc32_z(0, nullptr, 0), bytes.data(), bytes.size()), 4);
    bytes.insert(bytes.end(), std::begin(trailer), std::end(trailer));
    writeBytes(file, bytes);
}

void sql(const fs::path& lib, const std::string& statement) {
    LibraryDatabase db(libraryFiles(lib).database, false);
    db.connection().exec(statement);
}

}  // namespace

class TestIndexRecovery : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path model_;
    std::unique_ptr<ClipEmbedder> embedder_;

    fs::path path(const std::string& name) const { return fs::path(tmp_.path().toStdString()) / name; }

    IndexSummary index(const fs::path& lib, const fs::path& photos) {
        auto library = PhotoLibrary::open(lib, LibraryAccess::Create);
        PhotoIndexer indexer(*library, *embedder_, model_.string());
        IndexOptions options;
        options.batchSize = 2;
        options.workers = 1;
        return indexer.run({photos.string()}, options, JobControl());
    }

    fs::path indexedFolder(const std::string& name, int photos, int seed) {
        const auto folder = path(name + "/photos");
        for (int i = 0; i < photos; ++i) test::writePhoto(folder / ("p" + std::to_string(i) + ".jpg"), seed + i);
        const auto s = index(path(name + "/library"), folder);
        if (s.added != photos) qFatal("indexing %s added %lld photos", name.c_str(), static_cast<long long>(s.added));
        return folder;
    }

    // Searching with a photo's stored embedding finds the photo itself at cosine 1.
    static void verifyFindsItself(const PhotoLibrary& library, const fs::path& photo) {
        const auto& db = library.database();
        const auto id = db.photoByPath(photo.string())->id;
        const auto stored = db.embedding(id);
        const auto hits = library.index()->search(stored.data(), 1);
        QCOMPARE(hits.size(), std::size_t{1});
        QCOMPARE(hits[0].id, id);
        QVERIFY2(std::abs(hits[0].score - 1.0f) < 1e-4f, qPrintable(QString::number(hits[0].score)));
    }

private Q_SLOTS:
    void initTestCase() {
        model_ = path("model");
        test::writeTinyModel(model_, 3);
        test::useSharedBpeVocabulary();
        EmbedderOptions options;
        options.threads = 1;
        embedder_ = ClipEmbedder::open(model_.string(), options);
    }

    void aRunThatDiedBeforeSavingTheIndexIsCaughtUp() {
        const auto photos = indexedFolder("crash", 6, 10);
        const auto lib = path("crash/library");
        const auto file = libraryFiles(lib).vectorIndex;
        const auto savedBeforeTheRun = readBytes(file);
        test::writePhoto(photos / "p1.jpg", 91, 70, 50);  // edited: same photo id, new vector
        test::writePhoto(photos / "p4.jpg", 94, 50, 70);
        test::writePhoto(photos / "p6.jpg", 96);          // new
        const auto run = index(lib, photos);
        QCOMPARE(run.updated, std::int64_t{2});
        QCOMPARE(run.added, std::int64_t{1});
        writeBytes(file, savedBeforeTheRun);  // the run "died" after its commits, before any save

        {
            auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
            const QString notice = QString::fromStdString(library->repairNotice());
            QVERIFY2(notice.contains("behind the database") && notice.contains("1 photos missing") &&
                         notice.contains("2 with outdated vectors"),
                     qPrintable(notice));
            verifyFindsItself(*library, photos / "p1.jpg");
            verifyFindsItself(*library, photos / "p4.jpg");
            verifyFindsItself(*library, photos / "p6.jpg");
            const auto check = library->checkIndex();
            QVERIFY(check.ok());
            QCOMPARE(check.vectorsChecked, std::int64_t{7});
        }
        // The reader saved its repair (no writer was active): the next open finds nothing.
        auto again = PhotoLibrary::open(lib, LibraryAccess::Read);
        QCOMPARE(QString::fromStdString(again->repairNotice()), QString());
        QVERIFY(again->index()->loadedStamp().has_value());
        QCOMPARE(again->index()->loadedStamp()->generation, again->database().indexStamp().generation);
    }

    void anotherLibrarysIndexFileIsRebuilt() {
        const auto photosA = indexedFolder("mine", 4, 30);
        indexedFolder("theirs", 4, 50);  // the same photo ids 1..4, other vectors
        const auto lib = path("mine/library");
        fs::copy_file(libraryFiles(path("theirs/library")).vectorIndex, libraryFiles(lib).vectorIndex,
                      fs::copy_options::overwrite_existing);
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        const QString notice = QString::fromStdString(library->repairNotice());
        QVERIFY2(notice.contains("the vector index of another library") && notice.contains("rebuilt from 4"),
                 qPrintable(notice));
        for (int i = 0; i < 4; ++i) verifyFindsItself(*library, photosA / ("p" + std::to_string(i) + ".jpg"));
    }

    void aFileOfTheFirstFormatIsRebuiltOnce() {
        indexedFolder("legacy", 3, 70);
        const auto lib = path("legacy/library");
        rewriteAsFirstFormat(libraryFiles(lib).vectorIndex);
        {
            auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
            QVERIFY2(QString::fromStdString(library->repairNotice()).contains("saved by an earlier Clipdesk"),
                     library->repairNotice().c_str());
            QCOMPARE(library->index()->size(), std::int64_t{3});
        }
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        QCOMPARE(QString::fromStdString(library->repairNotice()), QString());
    }

    void wrongVectorsUnderTheRightStampFailTheCheck() {
        const auto photos = indexedFolder("forged", 5, 80);
        const auto lib = path("forged/library");
        IndexStamp stamp;
        std::vector<std::int64_t> ids;
        {
            auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
            QVERIFY(library->checkIndex().ok());
            stamp = library->database().indexStamp();
            ids = library->database().indexedPhotoIds();
        }
        // Same ids, same stamp, other vectors: nothing about the file says it is wrong.
        VectorIndex forged(test::tinyLibraryModelConfig().embedDim);
        std::vector<float> rows(ids.size() * static_cast<std::size_t>(forged.dim()), 0.0f);
        for (std::size_t i = 0; i < ids.size(); ++i) rows[i * static_cast<std::size_t>(forged.dim()) + i] = 1.0f;
        forged.add(ids, rows.data());
        forged.save(libraryFiles(lib).vectorIndex, stamp);
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        QCOMPARE(QString::fromStdString(library->repairNotice()), QString());
        const auto check = library->checkIndex();
        QVERIFY(check.idsMatch);
        QCOMPARE(check.vectorsChecked, std::int64_t{5});
        QCOMPARE(check.vectorsWrong, std::int64_t{5});
        QVERIFY(!check.ok());
        QVERIFY(check.firstWrong.rfind(photos.string(), 0) == 0);
    }

    void damagedOrMissingEmbeddingRowsAreEncodedAgain() {
        const auto photos = indexedFolder("rows", 4, 110);
        const auto lib = path("rows/library");
        std::int64_t damaged = 0;
        std::int64_t missing = 0;
        {
            auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
            damaged = library->database().photoByPath((photos / "p1.jpg").string())->id;
            missing = library->database().photoByPath((photos / "p2.jpg").string())->id;
        }
        sql(lib, "UPDATE embeddings SET vector = x'00112233445566778899' WHERE photo_id = " + std::to_string(damaged));
        sql(lib, "DELETE FROM embeddings WHERE photo_id = " + std::to_string(missing));
        fs::remove(libraryFiles(lib).vectorIndex);  // the index must be rebuilt from the rows

        {
            auto library = PhotoLibrary::open(lib, LibraryAccess::Read);  // used to throw "damaged embedding"
            const QString notice = QString::fromStdString(library->repairNotice());
            QVERIFY2(notice.contains("2 indexed photo(s) without a usable embedding") &&
                         notice.contains("marked to be encoded again"),
                     qPrintable(notice));
            QCOMPARE(library->index()->size(), std::int64_t{2});
            QCOMPARE(library->database().indexedCount(), std::int64_t{2});
            QVERIFY(library->checkIndex().ok());
        }
        const auto run = index(lib, photos);
        QCOMPARE(run.added, std::int64_t{2});  // Pending photos are encoded as new ones
        QCOMPARE(run.unchanged, std::int64_t{2});
        auto library = PhotoLibrary::open(lib, LibraryAccess::Read);
        QCOMPARE(QString::fromStdString(library->repairNotice()), QString());  // no warning on every command
        QCOMPARE(library->index()->size(), std::int64_t{4});
        verifyFindsItself(*library, photos / "p1.jpg");
        verifyFindsItself(*library, photos / "p2.jpg");
    }
};

QTEST_GUILESS_MAIN(TestIndexRecovery)
#include "test_index_recovery.moc"
