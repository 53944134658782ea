// clipdesk-cli on a library it may not write, and what a killed export leaves (issue 19,
// point 8): reading commands (search, similar, status, tags) work on a read-only library and
// write nothing (a repair lasts for the command, with a warning); writing commands stop with one
// line naming the folder or file; an export removes the sidecar temporaries a killed export
// left next to the photos, and nothing else.

#include "cli_json_run.h"
#include "library_test_support.h"
#include "shared_data.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fcntl.h>
#include <sys/stat.h>

#include <ctime>
#include <fstream>

using namespace clipdesk;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using CliResult = test::CliJsonResult;

CliResult runCli(const QStringList& args, bool asNobody = false) { return test::runCliJson(args, {120000, asNobody}); }

QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

// Every entry under `dir` with its size, for "nothing was written".
std::vector<std::string> entriesUnder(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        out.push_back(e.path().string() + (e.is_regular_file() ? " " + std::to_string(e.file_size()) : ""));
    std::sort(out.begin(), out.end());
    return out;
}

// A file's modification time `seconds` into the past (what an earlier, killed run left).
void age(const fs::path& p, int seconds) {
    const struct timespec times[2] = {{std::time(nullptr) - seconds, 0}, {std::time(nullptr) - seconds, 0}};
    ::utimensat(AT_FDCWD, p.c_str(), times, 0);
}

constexpr auto kReadable = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec;
constexpr auto kReadOnlyFolder = fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                 fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec;
constexpr auto kReadOnlyFile = fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read;

}  // namespace

class TestCliLibraryAccess : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path root_, model_, lib_;
    fs::path photo(int i) const { return root_ / "photos" / ("p" + std::to_string(i) + ".jpg"); }

private Q_SLOTS:
    void initTestCase() {
        CLIPDESK_REQUIRE_SHARED(test::bpeVocabPath());
        root_ = fs::path(tmp_.path().toStdString());
        model_ = root_ / "model";
        test::writeTinyModel(model_, 8);
        for (int i = 0; i < 4; ++i) test::writePhoto(photo(i), 80 + i);
        lib_ = root_ / "lib";
        auto r = runCli({"index", "--library", q(lib_), "--model", q(model_), "--quiet", q(root_ / "photos")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        r = runCli({"tag-set", "--library", q(lib_), "--tag", "holiday", "--decision", "add", q(photo(0))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        // As 'nobody' (when root), the tree must be reachable.
        for (const auto& dir : {root_, model_, root_ / "photos"}) fs::permissions(dir, kReadable);
    }

    void exportRemovesTheTemporariesAKilledExportLeft() {
        const std::string sidecar = photo(0).string() + ".xmp";
        // A SIGKILL between creating and renaming the temporary leaves it, unlocked, beside the photo.
        const fs::path abandoned = sidecar.substr(0, sidecar.rfind('/') + 1) + ".p0.jpg.xmp.Kx81Qz";
        std::ofstream(abandoned) << "<x:xmpmeta half-written";
        age(abandoned, 60);
        // Another export's, modified just now: "now" is set in the future, so that a slow run
        // of this test cannot age it past the 2 s an export waits before taking it as abandoned.
        const fs::path fresh = abandoned.parent_path() / ".p0.jpg.xmp.New123";
        std::ofstream(fresh) << "in progress";
        age(fresh, -600);
        const fs::path notOurs = abandoned.parent_path() / ".p0.jpg.xmp.old-copy";
        std::ofstream(notOurs) << "someone else's";
        age(notOurs, 60);
        const auto r = runCli({"export", "--library", q(lib_), "--format", "xmp", q(photo(0))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QVERIFY(!fs::exists(abandoned));
        QVERIFY(fs::exists(fresh));
        QVERIFY(fs::exists(notOurs));
        QVERIFY(fs::is_regular_file(sidecar));
        fs::remove(fresh);
        fs::remove(notOurs);
        fs::remove(sidecar);
    }

    void readOnlyLibraryCanBeReadButNotChanged() {
        const fs::path ro = root_ / "ro";
        fs::copy(lib_, ro, fs::copy_options::recursive);
        fs::remove(ro / "vectors.faiss");  // opening must repair it, and may not save the repair
        for (const auto& e : fs::directory_iterator(ro)) fs::permissions(e.path(), kReadOnlyFile);
        fs::permissions(ro, kReadOnlyFolder);
        const auto before = entriesUnder(ro);

        auto r = runCli({"search", "--library", q(ro), "-k", "2", "a photo"}, true);
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QCOMPARE(r.lines.size(), std::size_t{2});
        QVERIFY2(r.stderrText.contains("vectors.faiss: missing; rebuilt from 4 stored embeddings; not saved, for this "
                                       "command only (the library is read-only: " + q(ro)),
                 qPrintable(r.stderrText));
        r = runCli({"similar", "--library", q(ro), "-k", "1", q(photo(1))}, true);
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QCOMPARE(r.lines[0]["path"], json(photo(1).string()));
        r = runCli({"status", "--library", q(ro), "--check"}, true);
        QVERIFY2(r.exitCode == 1, qPrintable(r.stderrText));  // the missing index file is found out, not hidden
        QCOMPARE(r.lines[0]["indexed"], json(4));
        QCOMPARE(r.lines[0]["index"]["consistent"], json(false));
        QCOMPARE(r.lines[0]["index"]["vectors_wrong"], json(0));
        r = runCli({"tags", "--library", q(ro)}, true);
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QCOMPARE(r.lines[0]["tags"][0]["tag"], json("holiday"));

        const QString refused = q(ro) + ": Permission denied: the library is read-only for this user; this command "
                                        "changes it and needs write access";
        for (const QStringList& args :
             {QStringList{"index", "--library", q(ro), "--model", q(model_), "--quiet", q(root_ / "photos")},
              QStringList{"forget", "--library", q(ro), q(root_ / "photos")},
              QStringList{"tag-set", "--library", q(ro), "--tag", "x", "--decision", "add", q(photo(1))}}) {
            r = runCli(args, true);
            QVERIFY2(r.exitCode == 1, qPrintable(args.join(' ') + " -> " + r.stderrText));
            QVERIFY2(r.stderrText.contains(refused), qPrintable(args.join(' ') + " -> " + r.stderrText));
            QCOMPARE(r.stderrText.trimmed().count('\n'), 0);  // one line
        }
        QCOMPARE(entriesUnder(ro), before);

        // The folder writable but not the database: the message names the database.
        fs::permissions(ro, fs::perms::all);
        r = runCli({"forget", "--library", q(ro), q(root_ / "photos")}, true);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.stderrText.contains(q(ro / "library.sqlite") + ": Permission denied: the library is read-only"),
                 qPrintable(r.stderrText));
        r = runCli({"search", "--library", q(ro), "-k", "1", "a photo"}, true);
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        fs::permissions(ro, kReadable);
    }
};

QTEST_GUILESS_MAIN(TestCliLibraryAccess)
#include "test_cli_library_access.moc"
