// clipdesk-cli against hostile input, end to end (issue 19): a FIFO wherever a file is read
// fails at once with "FILE: not a regular file (a FIFO)" instead of hanging; an empty
// library.sqlite beside the library's other files is refused as damaged and never re-created;
// `status --check` creates nothing; impossible thresholds are refused before any tag changes;
// an exported sidecar keeps its permissions and a read-only one is left alone.

#include "cli_process.h"
#include "library_test_support.h"
#include "shared_data.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <sys/stat.h>

#include <fstream>

using namespace clipdesk;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct CliResult {
    int exitCode = -1;
    QString stderrText;
    QByteArray stdoutBytes;
};

// A run that does not end within 30 s is killed and reported as hung: the old readers blocked
// forever on a FIFO, so the test must fail rather than wait with them.
CliResult runCli(const QStringList& args) {
    const auto run = test::runCliProcess(args, 30000);
    CliResult r{run.exitCode, run.stderrText, run.stdoutBytes};
    if (run.hung) r.stderrText = "(hung: killed after 30 s) " + args.join(' ');
    return r;
}

QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

std::int64_t queryInt(const fs::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* s = nullptr;
    std::int64_t v = -1;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return v;
}

// Every regular file and folder under `dir`, for "nothing was created".
std::vector<std::string> entriesUnder(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::exists(dir, ec)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

class TestCliHardening : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path root_, lib_, model_, labels_, fifo_;
    fs::path path(const std::string& name) const { return root_ / name; }
    fs::path photo(int i) const { return root_ / "photos" / ("p" + std::to_string(i) + ".jpg"); }

    void expectFifoRefused(const QStringList& args, const fs::path& fifo) {
        const auto r = runCli(args);
        QVERIFY2(r.exitCode == 1, qPrintable(args.join(' ') + " -> " + r.stderrText));
        // The file is named with the reason: on stderr ("FILE: ...: not a regular file (a FIFO)")
        // or in a JSON line ({"path": FILE, "error": "not a regular file (a FIFO)"}).
        const QString all = r.stderrText + QString::fromUtf8(r.stdoutBytes);
        QVERIFY2(all.contains(q(fifo)) && all.contains("not a regular file (a FIFO)"),
                 qPrintable(args.join(' ') + " -> " + all));
    }

private Q_SLOTS:
    void initTestCase() {
        CLIPDESK_REQUIRE_SHARED(test::bpeVocabPath());
        root_ = fs::path(tmp_.path().toStdString());
        model_ = path("model");
        test::writeTinyModel(model_, 19);
        for (int i = 0; i < 4; ++i) test::writePhoto(photo(i), 190 + i);
        lib_ = path("lib");
        const auto r = runCli({"index", "--library", q(lib_), "--model", q(model_), "--quiet", q(path("photos"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        labels_ = path("labels.txt");
        std::ofstream(labels_) << "beach\ndog\ncat\n";
        fifo_ = path("pipe.jpg");
        QVERIFY(::mkfifo(fifo_.c_str(), 0600) == 0);
    }

    void fifoIsRefusedByEveryReader() {
        expectFifoRefused({"embed-image", "--model", q(model_), q(fifo_)}, fifo_);
        expectFifoRefused({"preprocess", "--model", q(model_), q(fifo_)}, fifo_);
        expectFifoRefused({"similarity", "--model", q(model_), "--images", q(fifo_), "--texts", "a cat"}, fifo_);
        expectFifoRefused({"similar", "--library", q(lib_), q(fifo_)}, fifo_);
        expectFifoRefused({"search", "--library", q(lib_), "image:" + q(fifo_)}, fifo_);
        const fs::path textFifo = path("fifo.txt"), pairsFifo = path("pairs.csv"), weightsFifo = path("weights.safetensors");
        for (const auto& f : {textFifo, pairsFifo, weightsFifo}) QVERIFY(::mkfifo(f.c_str(), 0600) == 0);
        expectFifoRefused({"tag", "--library", q(lib_), "--labels", q(textFifo)}, textFifo);
        expectFifoRefused({"tag", "--library", q(lib_), "--labels", q(labels_), "--templates", q(textFifo)}, textFifo);
        expectFifoRefused({"embed-text", "--model", q(weightsFifo), "a cat"}, weightsFifo);
        expectFifoRefused({"train", "--model", q(model_), "--pairs", q(pairsFifo), "--out", q(path("trained"))}, pairsFifo);
    }

    void fifoSidecarIsReportedAndExportGoesOn() {
        const fs::path sidecar = photo(0).string() + ".xmp";
        QVERIFY(::mkfifo(sidecar.c_str(), 0600) == 0);
        auto r = runCli({"tag-set", "--library", q(lib_), "--tag", "holiday", "--decision", "add", q(photo(0)), q(photo(1))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        r = runCli({"export", "--library", q(lib_), "--format", "xmp"});
        QCOMPARE(r.exitCode, 1);
        const QString all = r.stderrText + QString::fromUtf8(r.stdoutBytes);
        QVERIFY2(all.contains(q(sidecar) + ": cannot read sidecar (not a regular file (a FIFO))"), qPrintable(all));
        QVERIFY(fs::is_fifo(sidecar));                                   // left as it was
        QVERIFY(fs::is_regular_file(photo(1).string() + ".xmp"));        // the other photo was exported
        fs::remove(sidecar);
    }

    void exportKeepsSidecarPermissionsAndLeavesReadOnlyOnes() {
        const fs::path privateSidecar = photo(2).string() + ".xmp", readOnly = photo(3).string() + ".xmp";
        const std::string empty =
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
            "<rdf:Description rdf:about=\"\"/></rdf:RDF></x:xmpmeta>\n";
        std::ofstream(privateSidecar) << empty;
        std::ofstream(readOnly) << empty;
        fs::permissions(privateSidecar, fs::perms::owner_read | fs::perms::owner_write);
        fs::permissions(readOnly, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
        auto r = runCli({"tag-set", "--library", q(lib_), "--tag", "private", "--decision", "add", q(photo(2)), q(photo(3))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        r = runCli({"export", "--library", q(lib_), "--format", "xmp", q(photo(2)), q(photo(3))});
        QCOMPARE(r.exitCode, 1);
        const QString all = r.stderrText + QString::fromUtf8(r.stdoutBytes);
        QVERIFY2(all.contains(q(readOnly) + ": the sidecar is read-only; left untouched"), qPrintable(all));
        QCOMPARE(fs::status(privateSidecar).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
        std::ifstream in(privateSidecar);
        const std::string written((std::istreambuf_iterator<char>(in)), {});
        QVERIFY2(written.find("private") != std::string::npos, written.c_str());
        std::ifstream ro(readOnly);
        QCOMPARE(std::string((std::istreambuf_iterator<char>(ro)), {}), empty);
    }

    void impossibleThresholdsAreRefusedBeforeAnyTagChanges_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("message");
        QTest::newRow("threshold nan") << QStringList{"--mode", "multi", "--threshold", "nan"}
                                       << "threshold: must be a finite number, got nan";
        QTest::newRow("threshold inf") << QStringList{"--mode", "multi", "--threshold", "inf"}
                                       << "threshold: must be a finite number, got inf";
        QTest::newRow("min-probability 5") << QStringList{"--min-probability", "5"}
                                           << "min-probability: must be a probability between 0 and 1, got 5";
        QTest::newRow("min-probability nan") << QStringList{"--min-probability", "nan"}
                                             << "min-probability: must be a probability between 0 and 1, got nan";
    }

    void impossibleThresholdsAreRefusedBeforeAnyTagChanges() {
        QFETCH(QStringList, options);
        QFETCH(QString, message);
        const auto db = lib_ / "library.sqlite";
        auto r = runCli({"tag", "--library", q(lib_), "--labels", q(labels_), "--templates", "single", "--top", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const std::string automatic = "SELECT count(*) FROM tags WHERE source = 0";
        const auto before = queryInt(db, automatic);
        QVERIFY(before > 0);
        r = runCli(QStringList{"tag", "--library", q(lib_), "--labels", q(labels_), "--templates", "single"} + options);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.stderrText.contains(message), qPrintable(r.stderrText));
        QCOMPARE(queryInt(db, automatic), before);
    }

    void tagByExampleRefusesAProbabilityOutsideZeroToOne() {
        const auto r = runCli({"tag-examples", "--library", q(lib_), "--tag", "x", "--examples", q(photo(1)),
                               "--threshold", "1.5"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.stderrText.contains("threshold: must be a probability between 0 and 1, got 1.5"), qPrintable(r.stderrText));
    }

    void tagSetRefusesAWhitespaceTag() {
        const auto r = runCli({"tag-set", "--library", q(lib_), "--tag", "   ", "--decision", "add", q(photo(1))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.stderrText.contains("tag name is empty or only whitespace"), qPrintable(r.stderrText));
        QCOMPARE(queryInt(lib_ / "library.sqlite", "SELECT count(*) FROM tags WHERE trim(tag) = ''"), std::int64_t{0});
    }

    void emptyDatabaseBesideTheIndexIsRefusedAsDamaged() {
        const fs::path damaged = path("damaged");
        fs::create_directories(damaged);
        fs::copy_file(lib_ / "vectors.faiss", damaged / "vectors.faiss");
        std::ofstream(damaged / "library.sqlite").flush();  // 0 bytes
        const auto before = entriesUnder(damaged);
        for (const QStringList& args : {QStringList{"status", "--library", q(damaged), "--check"},
                                        QStringList{"index", "--library", q(damaged), "--model", q(model_), "--quiet", q(path("photos"))},
                                        QStringList{"search", "--library", q(damaged), "beach"}}) {
            const auto r = runCli(args);
            QVERIFY2(r.exitCode == 1, qPrintable(args.join(' ') + " -> " + r.stderrText));
            QVERIFY2(r.stderrText.contains(q(damaged / "library.sqlite") + ": empty (0 bytes) beside vectors.faiss: the library is damaged"),
                     qPrintable(r.stderrText));
        }
        QCOMPARE(entriesUnder(damaged), before);
        QCOMPARE(fs::file_size(damaged / "library.sqlite"), std::uintmax_t{0});
        QCOMPARE(fs::file_size(damaged / "vectors.faiss"), fs::file_size(lib_ / "vectors.faiss"));
    }

    void statusCheckCreatesNothing() {
        const fs::path fresh = path("fresh");
        fs::create_directories(fresh);
        std::ofstream(fresh / "library.sqlite").flush();  // an empty database alone: not a library yet
        const auto r = runCli({"status", "--library", q(fresh), "--check"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.stderrText.contains("not a Clipdesk library (its library.sqlite is empty)"), qPrintable(r.stderrText));
        QCOMPARE(entriesUnder(fresh), std::vector<std::string>{(fresh / "library.sqlite").string()});
        QCOMPARE(fs::file_size(fresh / "library.sqlite"), std::uintmax_t{0});
        const auto missing = runCli({"status", "--library", q(path("nowhere")), "--check"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(!fs::exists(path("nowhere")));
        // index, and only index, turns the empty database into a new library
        const auto indexed = runCli({"index", "--library", q(fresh), "--model", q(model_), "--quiet", q(path("photos"))});
        QVERIFY2(indexed.exitCode == 0, qPrintable(indexed.stderrText));
        QCOMPARE(queryInt(fresh / "library.sqlite", "SELECT count(*) FROM photos"), std::int64_t{4});
    }
};

QTEST_GUILESS_MAIN(TestCliHardening)
#include "test_cli_hardening.moc"
