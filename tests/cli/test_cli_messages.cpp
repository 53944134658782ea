// clipdesk-cli says what happened (issue 19, point 10): a library whose model record is missing
// is refused by name instead of being indexed again with another model; a damaged model names
// itself instead of "the query's concepts cancel out"; option ranges read as numbers people
// write; index reports what its scan found and the image files it cannot read, by format;
// a file name that is not UTF-8 comes with its exact bytes, so that a script can open it.

#include "cli_json_run.h"
#include "library_test_support.h"
#include "shared_data.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

using namespace clipdesk;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using CliResult = test::CliJsonResult;

CliResult runCli(const QStringList& args) { return test::runCliJson(args); }

QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

std::int64_t execSql(const fs::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr);
    std::int64_t value = -1;
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK) {
        const int rc = sqlite3_step(s);
        value = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : (rc == SQLITE_DONE ? 0 : -1);
    }
    sqlite3_finalize(s);
    sqlite3_close(h);
    return value;
}

std::string fromHex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return out;
}

}  // namespace

class TestCliMessages : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path root_, model_;

    fs::path indexedLibrary(const std::string& name, const fs::path& photos) {
        const fs::path lib = root_ / name;
        const auto r = runCli({"index", "--library", q(lib), "--model", q(model_), "--quiet", q(photos)});
        if (r.exitCode != 0) qWarning("%s", qPrintable(r.stderrText));
        return lib;
    }

private Q_SLOTS:
    void initTestCase() {
        CLIPDESK_REQUIRE_SHARED(test::bpeVocabPath());
        root_ = fs::path(tmp_.path().toStdString());
        model_ = root_ / "model";
        test::writeTinyModel(model_, 10);
    }

    void aMissingModelRecordIsRefusedByName() {
        const fs::path photos = root_ / "models-row";
        for (int i = 0; i < 3; ++i) test::writePhoto(photos / ("p" + std::to_string(i) + ".jpg"), 100 + i);
        const fs::path lib = indexedLibrary("lib-no-model", photos);
        const fs::path db = lib / "library.sqlite";
        QCOMPARE(execSql(db, "DELETE FROM models"), std::int64_t{0});
        const QString expected = q(db) + ": the record of the library's model is missing (library_info names model 1, "
                                         "which the models table does not hold); the database is damaged";
        // index without --model used to fall back to the bundled model and mark every photo stale.
        for (const QStringList& args : {QStringList{"search", "--library", q(lib), "a photo"},
                                        QStringList{"status", "--library", q(lib)},
                                        QStringList{"index", "--library", q(lib), "--quiet"}}) {
            const auto r = runCli(args);
            QVERIFY2(r.exitCode == 1, qPrintable(args.join(' ') + " -> " + r.stderrText));
            QVERIFY2(r.stderrText.contains(expected), qPrintable(args.join(' ') + " -> " + r.stderrText));
        }
        QCOMPARE(execSql(db, "SELECT count(*) FROM photos WHERE state = 1"), std::int64_t{3});
        QCOMPARE(execSql(db, "SELECT count(*) FROM embeddings"), std::int64_t{3});
    }

    void aDamagedModelNamesItself() {
        const fs::path broken = root_ / "broken-model";
        test::writeTinyModel(broken, 11, /*broken=*/true);
        const auto r = runCli({"embed-text", "--model", q(broken), "a red car"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.stderrText.contains(q(broken / "model.safetensors") +
                                       ": the model produced no usable embedding for the text \"a red car\" (NaN, "
                                       "infinite or all-zero values): its weights are damaged or out of range"),
                 qPrintable(r.stderrText));
        QVERIFY(r.lines.empty());  // no "null" embeddings
    }

    void optionRangesAreReadable() {
        const auto r = runCli({"tag-examples", "--library", q(root_ / "nowhere"), "--tag", "x", "--examples", "a.jpg",
                               "--background", "-1"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.stderrText.contains("--background: must be 0 or more, got -1"), qPrintable(r.stderrText));
        QVERIFY2(!r.stderrText.contains("179769") && !r.stderrText.contains("e+308"), qPrintable(r.stderrText));
        const auto top = runCli({"tag", "--library", q(root_ / "nowhere"), "--labels", "builtin", "--top", "0"});
        QCOMPARE(top.exitCode, 2);
        QVERIFY2(top.stderrText.contains("must be more than 0, got 0"), qPrintable(top.stderrText));
    }

    void indexReportsWhatItsScanFound() {
        const fs::path photos = root_ / "mixed";
        for (int i = 0; i < 2; ++i) test::writePhoto(photos / ("p" + std::to_string(i) + ".jpg"), 110 + i);
        fs::create_directories(photos / "sub");
        for (const char* name : {"a.gif", "b.GIF", "c.jxl", "sub/d.gif", "notes.txt"})
            test::appendBytes(photos / name, "not an image Clipdesk reads");
        const auto r = runCli({"index", "--library", q(root_ / "lib-mixed"), "--model", q(model_), q(photos)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QVERIFY2(r.stderrText.contains("clipdesk-cli: scanned \"" + q(photos) + "\": 2 photos found"), qPrintable(r.stderrText));
        QVERIFY2(!r.stderrText.contains("(0 photos found)"), qPrintable(r.stderrText));
        QVERIFY2(r.stderrText.contains(QString::fromUtf8("clipdesk-cli: 4 files skipped: unsupported format (.gif \u00d73, "
                                                         ".jxl \u00d71)")),
                 qPrintable(r.stderrText));
        QCOMPARE(r.lines[0]["skipped_unsupported"], json({{".gif", 3}, {".jxl", 1}}));
        QCOMPARE(r.lines[0]["added"], json(2));
    }

    void aFileNameThatIsNotUtf8ComesWithItsBytes() {
        const fs::path photos = root_ / "latin1";
        const std::string name = (photos / "caf").string() + "\xE9.jpg";  // "café.jpg" in Latin-1
        test::writePhoto(name, 120);
        const fs::path lib = indexedLibrary("lib-latin1", photos);
        const fs::path query = root_ / "query.jpg";  // outside the library: its only photo is the answer
        test::writePhoto(query, 121);
        const auto r = runCli({"similar", "--library", q(lib), "-k", "1", q(query)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const json& hit = r.lines.at(0);
        QCOMPARE(hit["path"].get<std::string>(), (photos / "caf").string() + "\xEF\xBF\xBD.jpg");  // U+FFFD shown
        const std::string exact = fromHex(hit["path_bytes"].get<std::string>());
        QCOMPARE(exact, name);
        QVERIFY(fs::is_regular_file(exact));
        const auto search = runCli({"search", "--library", q(lib), "-k", "1", "a photo"});
        QCOMPARE(fromHex(search.lines.at(0)["path_bytes"].get<std::string>()), name);
    }
};

QTEST_GUILESS_MAIN(TestCliMessages)
#include "test_cli_messages.moc"
