// clipdesk-cli index / search / similar / status / forget end to end: the real binary on
// generated photos with the synthetic model, including a run killed with SIGKILL, files and
// folders it may not read, damaged library files and bad input.

#include "cli_json_run.h"
#include "library_test_support.h"
#include "shared_data.h"

#include "library/library_paths.h"
#include "library/vector_index.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

using namespace clipdesk;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Six batches of 8: the run is still going when the first 16 photos are committed (about 5 s
// of encoding with the synthetic model on the 2-core reference machine).
constexpr int kKilledRunPhotos = 48;

using CliResult = test::CliJsonResult;

// `asNobody`: see test::prepareCliProcess.
CliResult runCli(const QStringList& args, bool asNobody = false) {
    auto r = test::runCliJson(args, {300000, asNobody});
    if (r.hung) qFatal("clipdesk-cli did not finish");
    return r;
}

QString q(const fs::path& p) { return QString::fromStdString(p.string()); }
QString model() { return q(test::syntheticModelDir()); }

// Reads the library database directly, as another process would while the CLI runs.
class Database {
public:
    explicit Database(const fs::path& file) { sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr); }
    ~Database() { sqlite3_close(db_); }
    std::int64_t integer(const std::string& sql) const {
        sqlite3_stmt* s = nullptr;
        std::int64_t value = -1;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            value = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        return value;
    }
    std::vector<std::pair<std::int64_t, std::int64_t>> rows(const std::string& sql) const {
        std::vector<std::pair<std::int64_t, std::int64_t>> out;
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr);
        while (sqlite3_step(s) == SQLITE_ROW) out.emplace_back(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1));
        sqlite3_finalize(s);
        return out;
    }
    std::string text(const std::string& sql) const {
        sqlite3_stmt* s = nullptr;
        std::string value;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            value = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        return value;
    }
    std::vector<std::int64_t> indexedIds() const {
        std::vector<std::int64_t> ids;
        for (const auto& [id, unused] : rows("SELECT id, 0 FROM photos WHERE state = 1 ORDER BY id")) ids.push_back(id);
        return ids;
    }

private:
    sqlite3* db_ = nullptr;
};

}  // namespace

class TestCliLibrary : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path path(const std::string& name) const { return fs::path(tmp_.path().toStdString()) / name; }

private Q_SLOTS:
    void initTestCase() {
        CLIPDESK_REQUIRE_SHARED(test::syntheticModelDir() / "model.safetensors");
        CLIPDESK_REQUIRE_SHARED(test::bpeVocabPath());
    }

    void indexSearchSimilarStatusForget() {
        const auto photos = path("e2e/photos");
        const auto lib = path("e2e/library");
        for (int i = 0; i < 6; ++i) test::writePhoto(photos / ("photo " + std::to_string(i) + ".jpg"), i, 320, 240);
        std::ofstream(photos / "broken.jpg") << "not a JPEG";

        const auto first = runCli({"index", "--library", q(lib), "--model", model(), "--batch-size", "4", "--quiet", q(photos)});
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.lines.size(), std::size_t(1));
        const json& s = first.lines[0];
        QCOMPARE(s["library"], json(lib.string()));
        QCOMPARE(s["added"], json(6));
        QCOMPARE(s["failed"], json(1));
        QCOMPARE(s["updated"], json(0));
        QCOMPARE(s["removed"], json(0));
        QCOMPARE(s["unchanged"], json(0));
        QVERIFY(s["seconds"].get<double>() > 0);
        QVERIFY(s["images_per_s"].get<double>() > 0);
        QCOMPARE(s["failures"][0]["path"], json((photos / "broken.jpg").string()));
        QVERIFY(first.stderrText.contains("broken.jpg"));

        const auto second = runCli({"index", "--library", q(lib), "--quiet"});  // the library's folders and model
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(second.lines[0]["unchanged"], json(7));
        QCOMPARE(second.lines[0]["added"], json(0));

        const auto found = runCli({"search", "--library", q(lib), "-k", "3", "--", "a photo", "+of", "-snow"});
        QCOMPARE(found.exitCode, 0);
        QCOMPARE(found.lines.size(), std::size_t(3));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(found.lines[i]["rank"], json(i + 1));
            QVERIFY(isPathUnder(found.lines[i]["path"].get<std::string>(), photos.string()));
            if (i > 0) QVERIFY(found.lines[i]["score"].get<double>() <= found.lines[i - 1]["score"].get<double>());
        }

        // Without a query: the library by date (these photos record none: their file times), no scores.
        const auto browsed = runCli({"search", "--library", q(lib), "-k", "4", "--sort", "folder"});
        QCOMPARE(browsed.exitCode, 0);
        QCOMPARE(browsed.lines.size(), std::size_t(4));
        for (int i = 0; i < 4; ++i) {
            const json& line = browsed.lines[i];
            QCOMPARE(line["path"], json((photos / ("photo " + std::to_string(i) + ".jpg")).string()));
            QVERIFY(!line.contains("score"));
            QCOMPARE(line["date_source"], json("file"));
            QCOMPARE(line["date"].get<std::string>().size(), std::size_t(19));
        }
        QCOMPARE(runCli({"search", "--library", q(lib), "--after", "2100"}).lines.size(), std::size_t(0));
        QCOMPARE(runCli({"search", "--library", q(lib), "--before", "2100-01-01", "--sort", "oldest", "a photo"}).lines.size(),
                 std::size_t(6));

        const auto similar = runCli({"similar", "--library", q(lib), "-k", "2", q(photos / "photo 4.jpg")});
        QCOMPARE(similar.exitCode, 0);
        QCOMPARE(similar.lines.size(), std::size_t(2));
        QCOMPARE(similar.lines[0]["path"], json((photos / "photo 4.jpg").string()));
        QVERIFY(std::abs(similar.lines[0]["score"].get<double>() - 1.0) < 1e-4);

        const auto status = runCli({"status", "--library", q(lib), "--check"});
        QCOMPARE(status.exitCode, 0);
        const json& st = status.lines.at(0);
        QCOMPARE(st["photos"], json(7));
        QCOMPARE(st["indexed"], json(6));
        QCOMPARE(st["failed"], json(1));
        QCOMPARE(st["folders"][0]["path"], json(photos.string()));
        QCOMPARE(st["model"]["path"], json(normalisedPath(test::syntheticModelDir())));
        QCOMPARE(st["model"]["embed_dim"], json(512));
        QCOMPARE(st["index"]["vectors"], json(6));
        QCOMPARE(st["index"]["consistent"], json(true));
        QCOMPARE(st["integrity"], json("ok"));
        QCOMPARE(st["failures"][0]["path"], json((photos / "broken.jpg").string()));

        const auto forget = runCli({"forget", "--library", q(lib), q(photos)});
        QCOMPARE(forget.exitCode, 0);
        QCOMPARE(forget.lines[0]["photos_removed"], json(7));
        const auto after = runCli({"status", "--library", q(lib), "--check"});
        QCOMPARE(after.lines[0]["photos"], json(0));
        QCOMPARE(after.lines[0]["index"]["vectors"], json(0));
        QCOMPARE(runCli({"search", "--library", q(lib), "anything"}).lines.size(), std::size_t(0));
    }

    void killedRunResumesWithoutEncodingAgain() {
        const auto photos = path("killed/photos");
        const auto lib = path("killed/library");
        for (int i = 0; i < kKilledRunPhotos; ++i)
            test::writePhoto(photos / ("p" + QString::number(i).rightJustified(3, '0').toStdString() + ".png"), 1000 + i);
        const QStringList args{"index", "--library", q(lib), "--model", model(), "--batch-size", "8", q(photos)};

        QProcess p;
        test::prepareCliProcess(p);
        p.start(CLIPDESK_CLI_PATH, args);
        QVERIFY(p.waitForStarted());
        const auto dbFile = libraryFiles(lib).database;
        std::int64_t committed = 0;
        QElapsedTimer timer;
        timer.start();
        while (committed < 16 && timer.elapsed() < 120000 && p.state() == QProcess::Running) {
            QThread::msleep(20);
            if (fs::exists(dbFile)) committed = Database(dbFile).integer("SELECT count(*) FROM photos WHERE state = 1");
        }
        QVERIFY2(p.state() == QProcess::Running, "the run ended before it could be killed");
        p.kill();  // SIGKILL
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);

        std::vector<std::int64_t> finished;
        std::vector<std::pair<std::int64_t, std::int64_t>> encodedAt;
        {
            Database db(dbFile);
            QCOMPARE(db.text("PRAGMA integrity_check"), std::string("ok"));
            finished = db.indexedIds();
            encodedAt = db.rows("SELECT photo_id, encoded_at FROM embeddings ORDER BY photo_id");
        }
        qInfo("killed after %zu of %d photos were committed", finished.size(), kKilledRunPhotos);
        QVERIFY(finished.size() >= 16 && finished.size() < static_cast<std::size_t>(kKilledRunPhotos));
        // Written atomically, the index file is whole; it may lag the database by the batch
        // committed last, never run ahead of it.
        const auto afterKill = VectorIndex::load(libraryFiles(lib).vectorIndex).ids();
        QVERIFY(std::includes(finished.begin(), finished.end(), afterKill.begin(), afterKill.end()));

        const auto resumed = runCli(args + QStringList{"--quiet"});
        QCOMPARE(resumed.exitCode, 0);
        const json& s = resumed.lines.at(0);
        QCOMPARE(s["unchanged"].get<std::int64_t>(), static_cast<std::int64_t>(finished.size()));
        QCOMPARE(s["added"].get<std::int64_t>(), static_cast<std::int64_t>(kKilledRunPhotos - finished.size()));
        QCOMPARE(s["failed"], json(0));

        Database db(dbFile);
        QCOMPARE(db.text("PRAGMA integrity_check"), std::string("ok"));
        const auto all = db.indexedIds();
        QCOMPARE(all.size(), static_cast<std::size_t>(kKilledRunPhotos));
        QCOMPARE(VectorIndex::load(libraryFiles(lib).vectorIndex).ids(), all);
        const auto encodedAtNow = db.rows("SELECT photo_id, encoded_at FROM embeddings ORDER BY photo_id");
        for (const auto& before : encodedAt)  // the photos finished before the kill were not encoded again
            QVERIFY(std::find(encodedAtNow.begin(), encodedAtNow.end(), before) != encodedAtNow.end());
    }

    void unreadableFilesAndFoldersAreReportedAndKept() {
        const auto top = path("perm");
        const auto photos = top / "photos";
        const auto lib = top / "library";
        test::writePhoto(photos / "ok.jpg", 1);
        test::writePhoto(photos / "locked.jpg", 2);
        test::writePhoto(photos / "sub/inner.jpg", 3);
        fs::create_directories(lib);
        // As 'nobody' (when root), the tree must be reachable; the library writable.
        for (const auto& dir : {fs::path(tmp_.path().toStdString()), top, photos, photos / "sub"})
            fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                     fs::perms::others_read | fs::perms::others_exec);
        fs::permissions(lib, fs::perms::all);
        fs::permissions(photos / "locked.jpg", fs::perms::none);

        const QStringList args{"index", "--library", q(lib), "--model", model(), "--quiet", q(photos)};
        const auto first = runCli(args, true);
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.lines[0]["added"], json(2));
        QCOMPARE(first.lines[0]["failed"], json(1));
        QCOMPARE(first.lines[0]["failures"][0]["path"], json((photos / "locked.jpg").string()));
        QCOMPARE(first.lines[0]["failures"][0]["reason"], json("cannot open file: Permission denied"));

        fs::permissions(photos / "sub", fs::perms::none);
        const auto second = runCli(args, true);
        fs::permissions(photos / "sub", fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
        QCOMPARE(second.exitCode, 0);
        const json& s = second.lines[0];
        QCOMPARE(s["failed"], json(1));
        QCOMPARE(s["failures"][0]["path"], json((photos / "sub").string()));
        QCOMPARE(s["failures"][0]["reason"], json("cannot read folder: Permission denied"));
        QCOMPARE(s["removed"], json(0));  // inner.jpg is kept while its folder cannot be read
        QCOMPARE(s["unchanged"], json(3));

        const auto status = runCli({"status", "--library", q(lib)}, true);
        QCOMPARE(status.lines[0]["indexed"], json(2));
        QCOMPARE(status.lines[0]["scan_problems"][0]["path"], json((photos / "sub").string()));
        QCOMPARE(status.lines[0]["failures"][0]["reason"], json("cannot open file: Permission denied"));
    }

    void damagedLibraryFilesAreReported() {
        const auto photos = path("damaged/photos");
        const auto lib = path("damaged/library");
        for (int i = 0; i < 3; ++i) test::writePhoto(photos / ("p" + std::to_string(i) + ".jpg"), 40 + i);
        QCOMPARE(runCli({"index", "--library", q(lib), "--model", model(), "--quiet", q(photos)}).exitCode, 0);

        const auto indexFile = libraryFiles(lib).vectorIndex;
        std::fstream(indexFile, std::ios::in | std::ios::out | std::ios::binary).write("garbage", 7);
        const auto search = runCli({"similar", "--library", q(lib), q(photos / "p1.jpg")});
        QCOMPARE(search.exitCode, 0);
        QCOMPARE(search.lines.size(), std::size_t(3));
        QCOMPARE(search.lines[0]["path"], json((photos / "p1.jpg").string()));
        QVERIFY2(search.stderrText.startsWith("clipdesk-cli: warning: " + q(indexFile)) &&
                     search.stderrText.contains("rebuilt from 3 stored embeddings"),
                 qPrintable(search.stderrText));
        const auto check = runCli({"status", "--library", q(lib), "--check"});
        QCOMPARE(check.lines[0]["index"]["consistent"], json(true));
        QVERIFY(check.stderrText.isEmpty());  // the repaired index was saved

        const auto dbFile = libraryFiles(lib).database;
        std::fstream(dbFile, std::ios::in | std::ios::out | std::ios::binary).write("garbage garbage garbage!", 24);
        fs::remove(dbFile.string() + "-wal");
        const auto broken = runCli({"status", "--library", q(lib)});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.stderrText.startsWith("clipdesk-cli: error: " + q(dbFile)) &&
                     broken.stderrText.contains("damaged") && broken.stderrText.count('\n') == 1,
                 qPrintable(broken.stderrText));
    }

    void badInputGetsAClearError() {
        const auto photos = path("errors/photos");
        const auto lib = path("errors/library");
        test::writePhoto(photos / "a.jpg", 50);
        QCOMPARE(runCli({"index", "--library", q(lib), "--model", model(), "--quiet", q(photos)}).exitCode, 0);
        std::ofstream(path("errors/notes.jpg")) << "plain text";

        struct Case {
            QStringList args;
            int exitCode;
            QString message;
        };
        const std::vector<Case> cases = {
            {{"search", "--library", q(path("errors/none")), "cat"}, 1, "no such library"},
            {{"index", "--library", q(lib), q(path("errors/absent"))}, 1, "absent: no such folder"},
            {{"search", "--library", q(lib), "beach \"open"}, 1, "unterminated quote"},
            {{"search", "--library", q(lib), "--model", model() + "/hf", "cat"}, 1, "not the model this library was indexed with"},
            {{"similar", "--library", q(lib), q(path("errors/notes.jpg"))}, 1, "notes.jpg: cannot use it as the query image"},
            {{"forget", "--library", q(lib), q(path("errors/elsewhere"))}, 1, "not a folder of this library (its folders: "},
            {{"search", "--library", q(lib), "--after", "2024-13", "cat"}, 2, "\"2024-13\" is not a date: expected YYYY"},
            {{"search", "--library", q(lib), "--sort", "date", "cat"}, 2, "usage error"},
            {{"search", "--library", q(lib), "--min-score", "0.2"}, 1, "--min-score needs a query"},
            {{"search", "--library", q(lib), "-k", "0", "cat"}, 2, "usage error"},
        };
        for (const auto& c : cases) {
            const auto r = runCli(c.args);
            QVERIFY2(r.exitCode == c.exitCode && r.stderrText.contains(c.message),
                     qPrintable(c.args.join(' ') + " -> " + QString::number(r.exitCode) + ": " + r.stderrText));
            QVERIFY(r.lines.empty());
        }
    }

    void everyLibraryCommandHasHelp() {
        for (const char* command : {"index", "search", "similar", "status", "forget"}) {
            QProcess p;
            p.start(CLIPDESK_CLI_PATH, {command, "--help"});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitCode(), 0);
            QVERIFY2(p.readAllStandardOutput().contains("--library"), command);
        }
    }
};

QTEST_GUILESS_MAIN(TestCliLibrary)
#include "test_cli_library.moc"
