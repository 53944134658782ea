// clipdesk-cli tag / tags / tag-set / tag-examples / export / import-xmp end to end: the real
// binary on generated photos indexed with a tiny random model (tagging mechanics, the label
// cache, user decisions surviving re-tagging, export formats, sidecars, bad input), and
// eval-zeroshot with the bundled clipdesk-mini on Fashion-MNIST (templates, probes, thresholds).

#include "cli_json_run.h"
#include "library_test_support.h"
#include "shared_data.h"
#include "tagging/label_vocabulary.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>
#include <set>
#include <sstream>

using namespace clipdesk;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using CliResult = test::CliJsonResult;

CliResult runCli(const QStringList& args) {
    auto r = test::runCliJson(args, {300000});
    if (r.hung) qFatal("clipdesk-cli did not finish");
    return r;
}

QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

void writeText(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

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

const json& summaryOf(const CliResult& r) { return r.lines.back(); }

// The tags line of `photo` in `tags` output.
json tagsOf(const CliResult& r, const fs::path& photo) {
    for (const auto& l : r.lines)
        if (l.value("path", "") == photo.string()) return l["tags"];
    return json::array();
}

}  // namespace

class TestCliTagging : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path root_, lib_, labels_;
    fs::path path(const std::string& name) const { return root_ / name; }
    fs::path photo(int i) const { return root_ / (i < 6 ? "photos/a" : "photos/b") / ("p" + std::to_string(i) + ".jpg"); }

private Q_SLOTS:
    void initTestCase() {
        CLIPDESK_REQUIRE_SHARED(test::bpeVocabPath());
        root_ = fs::path(tmp_.path().toStdString());
        test::writeTinyModel(path("model"), 11);
        for (int i = 0; i < 9; ++i) test::writePhoto(photo(i), i);
        lib_ = path("lib");
        const auto r = runCli({"index", "--library", q(lib_), "--model", q(path("model")), "--quiet", q(path("photos"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        labels_ = path("labels.txt");
        writeText(labels_, "# test labels\nbeach: seaside\ndog\ncat: kitten\nmountain\ncar\n");
    }

    void tagWritesTopKAndCachesLabelEmbeddings() {
        const auto r = runCli({"tag", "--library", q(lib_), "--labels", q(labels_), "--templates", "short7", "--top", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QCOMPARE(r.lines.size(), std::size_t{10});
        const auto& s = summaryOf(r);
        QCOMPARE(s["photos"].get<int>(), 9);
        QCOMPARE(s["labels"].get<int>(), 5);
        QCOMPARE(s["labels_encoded"].get<int>(), 5);
        QCOMPARE(s["templates"].get<int>(), 7);
        QCOMPARE(s["written"].get<int>(), 18);
        for (std::size_t i = 0; i + 1 < r.lines.size(); ++i) {
            const auto& tags = r.lines[i]["tags"];
            QCOMPARE(tags.size(), std::size_t{2});
            const double p0 = tags[0]["score"], p1 = tags[1]["score"];
            QVERIFY(p0 >= p1 && p0 + p1 <= 1.0 + 1e-5 && p1 > 0);
        }
        const auto db = lib_ / "library.sqlite";
        QCOMPARE(queryInt(db, "SELECT count(*) FROM label_embeddings"), std::int64_t{5});
        QCOMPARE(queryInt(db, "SELECT count(*) FROM tags WHERE source = 0 AND template_set LIKE 'short7:%'"), std::int64_t{18});

        // Again: every label comes from the cache, and the tags are the same.
        const auto again = runCli({"tag", "--library", q(lib_), "--labels", q(labels_), "--templates", "short7", "--top", "2"});
        QCOMPARE(summaryOf(again)["labels_encoded"].get<int>(), 0);
        for (std::size_t i = 0; i + 1 < r.lines.size(); ++i) QCOMPARE(again.lines[i]["tags"], r.lines[i]["tags"]);
        // Editing a label's synonyms re-encodes that label only.
        writeText(path("labels2.txt"), "beach: seaside, shore\ndog\ncat: kitten\nmountain\ncar\n");
        const auto edited = runCli({"tag", "--library", q(lib_), "--labels", q(path("labels2.txt")), "--templates",
                                    "short7", "--top", "2", "--quiet"});
        QCOMPARE(summaryOf(edited)["labels_encoded"].get<int>(), 1);
        QCOMPARE(edited.lines.size(), std::size_t{1});

        // A folder of the library: only its photos.
        const auto folder = runCli({"tag", "--library", q(lib_), "--labels", q(labels_), "--templates", "short7",
                                    "--top", "2", q(path("photos/b"))});
        QCOMPARE(summaryOf(folder)["photos"].get<int>(), 3);
    }

    void userDecisionsSurviveAutomaticRuns() {
        const auto listed = runCli({"tags", "--library", q(lib_), q(photo(0))});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.stderrText));
        const auto before = tagsOf(listed, photo(0));
        QCOMPARE(before.size(), std::size_t{2});
        const std::string top = before[0]["tag"];
        QCOMPARE(runCli({"tag-set", "--library", q(lib_), "--tag", QString::fromStdString(top), "--decision", "reject",
                         q(photo(0))}).exitCode, 0);
        QCOMPARE(runCli({"tag-set", "--library", q(lib_), "--tag", "family", "--decision", "add", q(photo(0))}).exitCode, 0);

        const auto retag = runCli({"tag", "--library", q(lib_), "--labels", q(labels_), "--templates", "short7",
                                   "--top", "2", "--quiet"});
        QVERIFY(summaryOf(retag)["kept_user_tags"].get<int>() >= 1);
        const auto after = tagsOf(runCli({"tags", "--library", q(lib_), "--rejected", q(photo(0))}), photo(0));
        bool rejectedKept = false, manualKept = false;
        for (const auto& t : after) {
            if (t["tag"] == top) rejectedKept = t["decision"] == "rejected";
            if (t["tag"] == "family") manualKept = t["source"] == "manual" && t["decision"] == "accepted";
        }
        QVERIFY2(rejectedKept && manualKept, after.dump().c_str());
        for (const auto& t : tagsOf(runCli({"tags", "--library", q(lib_), q(photo(0))}), photo(0)))
            QVERIFY(t["tag"] != top);  // hidden without --rejected

        // Multi-label with an unreachable threshold removes the automatic tags, never the user's.
        const auto none = runCli({"tag", "--library", q(lib_), "--labels", q(labels_), "--templates", "short7",
                                  "--mode", "multi", "--threshold", "100", "--quiet"});
        QCOMPARE(summaryOf(none)["tagged"].get<int>(), 0);
        const auto db = lib_ / "library.sqlite";
        QCOMPARE(queryInt(db, "SELECT count(*) FROM tags WHERE source = 0 AND decision = 0"), std::int64_t{0});
        QCOMPARE(queryInt(db, "SELECT count(*) FROM tags WHERE decision != 0"), std::int64_t{2});
        // z-scores at 0: about half the photos are above each label's library mean.
        const auto multi = runCli({"tag", "--library", q(lib_), "--labels", q(labels_), "--templates", "short7",
                                   "--mode", "multi", "--threshold-method", "zscore", "--threshold", "0", "--top", "5"});
        QVERIFY2(multi.exitCode == 0, qPrintable(multi.stderrText));
        const int written = summaryOf(multi)["written"];
        QVERIFY2(written >= 10 && written <= 35, qPrintable(QString::number(written)));
        for (std::size_t i = 0; i + 1 < multi.lines.size(); ++i)
            for (const auto& t : multi.lines[i]["tags"]) QVERIFY(t["score"].get<double>() >= 0);
    }

    void exportCsvAndJsonLeaveOutRejectedTags() {
        const auto csv = runCli({"export", "--library", q(lib_), "--format", "csv"});
        QVERIFY2(csv.exitCode == 0, qPrintable(csv.stderrText));
        const auto rows = csv.stdoutBytes.split('\n');
        QCOMPARE(rows[0].trimmed(), QByteArray("path,tag,score,cosine,source,decision,model,template_set"));
        QVERIFY(csv.stdoutBytes.contains(QByteArray(photo(0).c_str()) + ",family,,,manual,accepted"));
        QVERIFY(!csv.stdoutBytes.contains("rejected"));
        const auto out = path("tags.json");
        QCOMPARE(runCli({"export", "--library", q(lib_), "--format", "json", "--out", q(out)}).exitCode, 0);
        const auto exported = json::parse(readText(out));
        QVERIFY(exported.is_array());
        QCOMPARE(static_cast<std::int64_t>(exported.size()),
                 queryInt(lib_ / "library.sqlite", "SELECT count(DISTINCT photo_id) FROM tags WHERE decision != 2"));
        std::int64_t count = 0;
        for (const auto& p : exported) count += static_cast<std::int64_t>(p["tags"].size());
        QCOMPARE(count, queryInt(lib_ / "library.sqlite", "SELECT count(*) FROM tags WHERE decision != 2"));
    }

    void xmpExportMergesReportsMalformedAndImports() {
        // Every photo gets tags; p1 already has a malformed sidecar.
        QCOMPARE(runCli({"tag", "--library", q(lib_), "--labels", q(labels_), "--templates", "short7", "--top", "2",
                         "--quiet"}).exitCode, 0);
        const std::string broken = "<x:xmpmeta><rdf:RDF><oops";
        writeText(photo(1).string() + ".xmp", broken);
        const auto photoBytes = readText(photo(2));
        const auto r = runCli({"export", "--library", q(lib_), "--format", "xmp", q(path("photos/a"))});
        QCOMPARE(r.exitCode, 1);  // one sidecar failed
        QVERIFY2(r.stderrText.contains(q(photo(1)) + ".xmp: malformed XMP sidecar"), qPrintable(r.stderrText));
        QCOMPARE(readText(photo(1).string() + ".xmp"), broken);  // left untouched
        const auto& s = summaryOf(r);
        QCOMPARE(s["sidecars"].get<int>(), 5);  // every other photo of the folder got its sidecar
        QCOMPARE(s["failed"].get<int>(), 1);
        QVERIFY(fs::exists(photo(0).string() + ".xmp"));
        QCOMPARE(readText(photo(2)), photoBytes);
        const auto sidecar = QString::fromStdString(readText(photo(0).string() + ".xmp"));
        QVERIFY2(sidecar.contains("family") && sidecar.contains("digiKam:TagsList"), qPrintable(sidecar));

        // Import into a fresh library indexed from the same photos: sidecar keywords become
        // manual tags; the malformed sidecar is reported.
        const auto lib2 = path("lib2");
        QCOMPARE(runCli({"index", "--library", q(lib2), "--model", q(path("model")), "--quiet", q(path("photos"))}).exitCode, 0);
        const auto imported = runCli({"import-xmp", "--library", q(lib2)});
        QCOMPARE(imported.exitCode, 1);
        QVERIFY(imported.stderrText.contains("malformed XMP sidecar"));
        QCOMPARE(summaryOf(imported)["photos"].get<int>(), 5);
        const auto tags = tagsOf(runCli({"tags", "--library", q(lib2), q(photo(0))}), photo(0));
        bool family = false;
        for (const auto& t : tags) {
            QCOMPARE(t["source"].get<std::string>(), std::string("manual"));
            family = family || t["tag"] == "family";
        }
        QVERIFY(family);
    }

    void tagByExampleLearnsFromExamples() {
        const auto r = runCli({"tag-examples", "--library", q(lib_), "--tag", "my dog", "--examples", q(photo(3)),
                               q(photo(4)), "--counter", q(photo(5)), "--templates", "single"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto& s = summaryOf(r);
        QCOMPARE(s["examples"].get<int>(), 2);
        QCOMPARE(s["counter_examples"].get<int>(), 1);
        QCOMPARE(s["background"].get<int>(), 6);
        QVERIFY(s["text_prior"].get<bool>());
        std::set<std::string> tagged;
        for (std::size_t i = 0; i + 1 < r.lines.size(); ++i) tagged.insert(r.lines[i]["path"].get<std::string>());
        QVERIFY(tagged.count(photo(3).string()) && tagged.count(photo(4).string()));
        QVERIFY(!tagged.count(photo(5).string()));
        QCOMPARE(queryInt(lib_ / "library.sqlite", "SELECT count(*) FROM tags WHERE source = 1 AND tag = 'my dog'"),
                 static_cast<std::int64_t>(tagged.size()));
        const auto notInLibrary = runCli({"tag-examples", "--library", q(lib_), "--tag", "x", "--examples", q(path("model/config.json"))});
        QCOMPARE(notInLibrary.exitCode, 1);
        QVERIFY(notInLibrary.stderrText.contains("is not a photo of this library"));
    }

    void badLabelAndTemplateFilesAreClearErrors() {
        const auto run = [&](const std::string& labels, const std::string& templates) {
            writeText(path("bad-labels.txt"), labels);
            writeText(path("bad-templates.txt"), templates);
            return runCli({"tag", "--library", q(lib_), "--labels", q(path("bad-labels.txt")), "--templates",
                           q(path("bad-templates.txt"))});
        };
        const QString labels = q(path("bad-labels.txt")), templates = q(path("bad-templates.txt"));
        struct Case {
            std::string labels, templates;
            QString expected;
        };
        std::string longLabel;
        for (int i = 0; i < 80; ++i) longLabel += "word ";
        const std::vector<Case> cases{
            {"# nothing\n", "a photo of a {}.\n", labels + ": no labels"},
            {"dog\ncat\ndog\n", "a photo of a {}.\n", labels + ":3: duplicate label \"dog\" (already listed at " + labels + ":1)"},
            {"dog\n", "a photo of a {}.\nno slot here\n", templates + ":2: template \"no slot here\" has no {}"},
            {"dog\nca\xE9t\n", "a photo of a {}.\n", labels + ":2: not valid UTF-8"},
            {longLabel + "\n", "a photo of a {}.\n", labels + ": no label fits the model's context"},
        };
        const auto tagsBefore = queryInt(lib_ / "library.sqlite", "SELECT count(*) FROM tags");
        for (const auto& c : cases) {
            const auto r = run(c.labels, c.templates);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.stderrText.contains(c.expected), qPrintable(r.stderrText + " <- expected: " + c.expected));
        }
        QCOMPARE(queryInt(lib_ / "library.sqlite", "SELECT count(*) FROM tags"), tagsBefore);  // nothing lost
        QCOMPARE(runCli({"tag", "--library", q(lib_), "--mode", "both"}).exitCode, 2);
        QCOMPARE(runCli({"export", "--library", q(lib_), "--format", "xls"}).exitCode, 2);
    }

    // A label whose prompts the model would cut is skipped before anything is encoded, and
    // named once; the other labels are tagged.
    void tooLongLabelIsSkippedAndReportedOnce() {
        std::string longLabel;
        for (int i = 0; i < 80; ++i) longLabel += "word ";
        writeText(path("long-labels.txt"), "dog\n" + longLabel + "\ncat\n");
        const auto r = runCli({"tag", "--library", q(lib_), "--labels", q(path("long-labels.txt")), "--templates",
                               "single", "--quiet"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto& summary = summaryOf(r);
        QCOMPARE(summary["labels"].get<int>(), 2);
        QCOMPARE(summary["labels_encoded"].get<int>(), 2);
        QCOMPARE(summary["skipped_labels"].size(), std::size_t{1});
        QCOMPARE(summary["skipped_labels"][0]["source"].get<std::string>(), q(path("long-labels.txt")).toStdString() + ":2");
        QVERIFY(summary["skipped_labels"][0]["tokens"].get<int>() > 77);
        QCOMPARE(r.stderrText.count("skipped 1 label(s)"), 1);
    }

    // The window's and the CLI's defaults (built-in vocabulary, imagenet80) with the bundled
    // clipdesk-mini (32 tokens of context): the run succeeds, and no built-in label is cut.
    void defaultTagRunWorksWithTheBundledModel() {
        const QString mini = CLIPDESK_SOURCE_DIR "/models/clipdesk-mini";
        if (!QFile::exists(mini + "/model.safetensors")) QSKIP("models/clipdesk-mini is not in this checkout");
        const auto lib = path("mini-lib");
        auto r = runCli({"index", "--library", q(lib), "--model", mini, "--quiet", q(path("photos/a"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QElapsedTimer timer;
        timer.start();
        r = runCli({"tag", "--library", q(lib), "--quiet"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto& summary = summaryOf(r);
        qInfo("default tag run with clipdesk-mini: %d labels, %d skipped, %lld ms", summary["labels"].get<int>(),
              int(summary["skipped_labels"].size()), static_cast<long long>(timer.elapsed()));
        QVERIFY2(summary["skipped_labels"].empty(), summary["skipped_labels"].dump().c_str());
        QCOMPARE(summary["templates"].get<int>(), 80);
        QCOMPARE(summary["labels"].get<std::int64_t>(),
                 static_cast<std::int64_t>(loadLabelVocabulary("builtin").labels.size()));
        QCOMPARE(summary["photos"].get<int>(), 6);
        QCOMPARE(summary["tagged"].get<int>(), 6);
        QVERIFY(!r.stderrText.contains("warning"));
    }

    void bundledMiniModelTemplatesProbesAndThresholds() {
        const QString mini = CLIPDESK_SOURCE_DIR "/models/clipdesk-mini";
        if (!QFile::exists(mini + "/model.safetensors")) QSKIP("models/clipdesk-mini is not in this checkout");
        const QString data = qEnvironmentVariable("CLIPDESK_FASHION_MNIST_DIR");
        if (data.isEmpty() || !QFile::exists(data + "/t10k-images-idx3-ubyte.gz"))
            QSKIP("Fashion-MNIST not found: set CLIPDESK_FASHION_MNIST_DIR (tests/data/fetch_fashion_mnist.sh DEST "
                  "unpacks Debian's dataset-fashion-mnist)");
        const auto r = runCli({"eval-zeroshot", "--model", mini, "--dataset", data, "--limit", "1000", "--templates",
                               "short7", "--shots", "1,8", "--seeds", "1", "--train-pool", "2000", "--multilabel"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto& out = r.lines.at(0);
        QCOMPARE(out["templates"].get<int>(), 7);
        const double zeroShot = out["top1"];
        QVERIFY2(zeroShot > 0.6, qPrintable(QString::number(zeroShot)));
        const auto& fewShot = out["few_shot"];
        QCOMPARE(fewShot.size(), std::size_t{2});
        const double oneShot = fewShot[0]["probe_top1"], eightShot = fewShot[1]["probe_top1"];
        const double eightPrior = fewShot[1]["probe_text_prior_top1"];
        qInfo("zero-shot %.4f, 1-shot probe %.4f, 8-shot probe %.4f, 8-shot probe with text prior %.4f", zeroShot,
              oneShot, eightShot, eightPrior);
        QVERIFY(oneShot > 0.3 && eightShot > oneShot && eightPrior > 0.6);
        // clipdesk-mini was trained on these very labels, so its cosines are already comparable
        // across labels: the per-label methods do not beat one cut-off here (README, Tagging).
        QCOMPARE(out["multilabel"].size(), std::size_t{4});
        for (const auto& m : out["multilabel"]) {
            const double f1 = m["test"]["macro_f1"];
            qInfo("multi-label macro-F1 %s: %.4f (threshold %.3f)", m["method"].get<std::string>().c_str(), f1,
                  m["test"]["threshold"].get<double>());
            QVERIFY(f1 > 0.7 && f1 <= m["test_oracle"]["macro_f1"].get<double>() + 1e-6 + 0.05);
        }
        // A named template set that does not exist is a file that cannot be opened.
        const auto bad = runCli({"eval-zeroshot", "--model", mini, "--dataset", data, "--limit", "10", "--templates", "imagenet81"});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.stderrText.contains("imagenet81: cannot open file"));
    }

    // Last: it adds tags that the cases above would count.
    void searchByTagReturnsOnlyPhotosCarryingIt() {
        // Two photos carry "holiday", a third had it and the user rejected it.
        QCOMPARE(runCli({"tag-set", "--library", q(lib_), "--tag", "holiday", "--decision", "add", q(photo(1)), q(photo(7))})
                     .exitCode, 0);
        QCOMPARE(runCli({"tag-set", "--library", q(lib_), "--tag", "holiday", "--decision", "add", q(photo(4))}).exitCode, 0);
        QCOMPARE(runCli({"tag-set", "--library", q(lib_), "--tag", "holiday", "--decision", "reject", q(photo(4))}).exitCode,
                 0);
        const auto all = runCli({"search", "--library", q(lib_), "-k", "9", "a photo"});
        QVERIFY2(all.exitCode == 0, qPrintable(all.stderrText));
        QCOMPARE(all.lines.size(), std::size_t{9});
        const auto tagged = runCli({"search", "--library", q(lib_), "-k", "9", "--tag", "holiday", "a photo"});
        QVERIFY2(tagged.exitCode == 0, qPrintable(tagged.stderrText));
        std::vector<std::string> paths;
        for (const auto& l : tagged.lines) paths.push_back(l["path"]);
        std::sort(paths.begin(), paths.end());
        QCOMPARE(paths, (std::vector<std::string>{photo(1).string(), photo(7).string()}));
        // Same order and scores as the unfiltered search, less the other photos.
        std::vector<std::string> expected;
        for (const auto& l : all.lines)
            if (l["path"] == photo(1).string() || l["path"] == photo(7).string()) expected.push_back(l["path"]);
        QCOMPARE(tagged.lines[0]["path"].get<std::string>(), expected[0]);
        double unfilteredScore = -2;
        for (const auto& l : all.lines)
            if (l["path"] == expected[0]) unfilteredScore = l["score"];
        QVERIFY(std::abs(tagged.lines[0]["score"].get<double>() - unfilteredScore) < 1e-5);  // exact vs index sums
        // With --folder too: both filters apply.
        const auto both = runCli({"search", "--library", q(lib_), "--tag", "holiday", "--folder", q(path("photos/b")), "a photo"});
        QCOMPARE(both.lines.size(), std::size_t{1});
        QCOMPARE(both.lines[0]["path"].get<std::string>(), photo(7).string());
        // similar takes the filter as well; an unknown tag finds nothing.
        const auto similar = runCli({"similar", "--library", q(lib_), "--tag", "holiday", q(photo(1))});
        QCOMPARE(similar.lines.size(), std::size_t{2});
        QCOMPARE(similar.lines[0]["path"].get<std::string>(), photo(1).string());
        const auto none = runCli({"search", "--library", q(lib_), "--tag", "no such tag", "a photo"});
        QCOMPARE(none.exitCode, 0);
        QCOMPARE(none.lines.size(), std::size_t{0});
    }
};

QTEST_GUILESS_MAIN(TestCliTagging)
#include "test_cli_tagging.moc"
