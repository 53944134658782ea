// clipdesk-cli models list / download / verify, end to end against a local file mirror of the
// synthetic model: the installed folder loads (embed-text gives the same embedding as the
// reference file), a corrupted mirror file is refused with both hashes and the installed copy
// kept, Ctrl-C keeps the partial download and the next run resumes it, and a malformed
// catalogue is reported with its line.

#include "catalogue_mirror.h"
#include "cli_runner.h"
#include "base/sha256.h"
#include "shared_data.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <csignal>
#include <fstream>

using namespace clipdesk::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

QProcessEnvironment cliEnvironment(const QString& dataHome) {
    auto env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"CLIPDESK_BPE_VOCAB", "CLIPDESK_MODEL", "CLIPDESK_MODEL_MIRROR", "CLIPDESK_MODEL_CATALOGUE"})
        env.remove(name);
    env.insert("XDG_DATA_HOME", dataHome);
    return env;
}

QString str(const fs::path& p) { return QString::fromStdString(p.string()); }

}  // namespace

class TestCliModels : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    TestMirror mirror_;
    QProcessEnvironment env_;

    CliResult cli(const QStringList& args) { return runCli(args, {}, env_); }
    QStringList withCatalogue(QStringList args) { return args << "--catalogue" << str(mirror_.catalogue); }
    fs::path modelsDir() const { return fs::path(tmp_.path().toStdString()) / "data/clipdesk/models"; }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        for (const auto& source : testMirrorSources()) CLIPDESK_REQUIRE_SHARED(source);
        mirror_ = makeTestMirror(fs::path(tmp_.path().toStdString()) / "src");
        env_ = cliEnvironment(tmp_.filePath("data"));
    }

    void listShowsTheCatalogue() {
        const auto r = cli(withCatalogue({"models", "list"}));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), std::size_t(2));
        QCOMPARE(r.lines[0]["id"].get<std::string>(), std::string("synthetic-openai"));
        QCOMPARE(r.lines[0]["size"].get<std::uint64_t>(), mirror_.openaiFiles[0].size + mirror_.openaiFiles[1].size);
        QCOMPARE(r.lines[0]["installed"].get<bool>(), false);
        QCOMPARE(r.lines[0]["path"].get<std::string>(), (modelsDir() / "synthetic-openai").string());
    }

    void downloadInstallsAModelThatLoads() {
        const auto r = cli(withCatalogue({"models", "download", "synthetic-openai", "--mirror", QString::fromStdString(mirror_.base)}));
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QCOMPARE(r.lines.size(), std::size_t(1));
        const auto& summary = r.lines[0];
        const std::string installed = summary["path"].get<std::string>();
        QCOMPARE(installed, (modelsDir() / "synthetic-openai").string());
        QCOMPARE(summary["cancelled"].get<bool>(), false);
        QCOMPARE(summary["transferred"].get<std::uint64_t>(), mirror_.openaiFiles[0].size + mirror_.openaiFiles[1].size);
        QVERIFY(r.stderrText.contains("downloading openai-jit.pt"));

        const auto list = cli(withCatalogue({"models", "list"}));
        QCOMPARE(list.lines[0]["installed"].get<bool>(), true);
        QCOMPARE(list.lines[1]["installed"].get<bool>(), false);
        const auto verify = cli(withCatalogue({"models", "verify", "synthetic-openai"}));
        QCOMPARE(verify.exitCode, 0);
        QCOMPARE(verify.lines[0]["ok"].get<bool>(), true);
        QCOMPARE(verify.lines[0]["files"][0]["sha256"].get<std::string>(), mirror_.weights().sha256);

        // The installed folder is a model: the .pt is found and the vocabulary beside it.
        const auto embedded = cli({"embed-text", "--model", QString::fromStdString(installed), "a photo of a cat"});
        QVERIFY2(embedded.exitCode == 0, qPrintable(embedded.stderrText));
        auto reference = env_;
        reference.insert("CLIPDESK_BPE_VOCAB", str(bpeVocabPath()));
        const auto expected = runCli({"embed-text", "--model", str(syntheticModelDir() / "openai-jit.pt"), "a photo of a cat"}, {}, reference);
        QCOMPARE(expected.exitCode, 0);
        const auto a = embedded.lines.at(0)["embedding"].get<std::vector<float>>();
        const auto b = expected.lines.at(0)["embedding"].get<std::vector<float>>();
        QCOMPARE(a.size(), std::size_t(512));
        QVERIFY(a == b);
    }

    void corruptedMirrorFileFailsAndKeepsTheInstalledModel() {
        const fs::path copy = fs::path(tmp_.path().toStdString()) / "bad-mirror";
        fs::copy(fs::path(tmp_.path().toStdString()) / "src/mirror", copy, fs::copy_options::recursive);
        const fs::path bad = copy / kMirrorHost / "synthetic/synthetic-openai/openai-jit.pt";
        corruptFile(bad);
        const std::string actual = clipdesk::sha256FileHex(bad.string());
        const auto r = cli(withCatalogue({"models", "download", "synthetic-openai", "--mirror", "file://" + str(copy)}));
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.lines.empty());
        QVERIFY2(r.stderrText.contains(QString::fromStdString("openai-jit.pt: SHA-256 mismatch: expected " +
                                                              mirror_.weights().sha256 + ", got " + actual)),
                 qPrintable(r.stderrText));
        const auto verify = cli(withCatalogue({"models", "verify", "synthetic-openai"}));
        QCOMPARE(verify.exitCode, 0);  // the model installed by the previous test is intact
    }

    void interruptKeepsThePartAndTheNextRunResumes() {
        const QString dir = tmp_.filePath("interrupted");
        QProcess p;
        p.setProcessEnvironment(env_);
        p.start(CLIPDESK_CLI_PATH, withCatalogue({"models", "download", "synthetic-openclip", "--dir", dir, "--mirror",
                                                  QString::fromStdString(mirror_.base), "--max-rate", "4000000"}));
        QVERIFY(p.waitForStarted(10000));
        QByteArray err;
        while (!err.contains("downloading model.safetensors") && p.state() == QProcess::Running) {
            p.waitForReadyRead(1000);
            err += p.readAllStandardError();
        }
        QTest::qWait(500);
        QVERIFY2(p.state() == QProcess::Running, "the download finished before it could be interrupted");
        QVERIFY(p.processId() > 0);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(30000));
        err += p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        const auto summary = json::parse(p.readAllStandardOutput().toStdString());
        QCOMPARE(summary["cancelled"].get<bool>(), true);
        const fs::path part = fs::path(dir.toStdString()) / ".synthetic-openclip.download/model.safetensors.part";
        QVERIFY2(fs::is_regular_file(part), err.constData());
        const auto kept = fs::file_size(part);
        QVERIFY(kept > 0 && kept < mirror_.openclipFiles[0].size);
        QVERIFY(!fs::exists(fs::path(dir.toStdString()) / "synthetic-openclip"));

        const auto again = cli(withCatalogue({"models", "download", "synthetic-openclip", "--dir", dir, "--mirror",
                                              QString::fromStdString(mirror_.base)}));
        QVERIFY2(again.exitCode == 0, qPrintable(again.stderrText));
        QCOMPARE(again.lines[0]["resumed"].get<std::uint64_t>(), std::uint64_t(kept));
        const auto embedded = cli({"embed-text", "--model", dir + "/synthetic-openclip", "a dog"});
        QVERIFY2(embedded.exitCode == 0, qPrintable(embedded.stderrText));
    }

    void errorsAreClear() {
        const fs::path bad = fs::path(tmp_.path().toStdString()) / "bad.json";
        std::ofstream(bad) << "{\"format\": 1,\n \"models\": [\n  {\"id\": \"x\"\n]}\n";
        const auto malformed = runCli({"models", "list", "--catalogue", str(bad)}, {}, env_);
        QCOMPARE(malformed.exitCode, 1);
        QVERIFY2(malformed.stderrText.contains(str(bad) + ":4: malformed JSON"), qPrintable(malformed.stderrText));

        const auto unknown = cli(withCatalogue({"models", "download", "no-such-model"}));
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.stderrText.contains("no model \"no-such-model\" in the catalogue"));
        QVERIFY(unknown.stderrText.contains("synthetic-openai"));

        const auto notInstalled = cli(withCatalogue({"models", "verify", "synthetic-openclip"}));
        QCOMPARE(notInstalled.exitCode, 1);
        QVERIFY(notInstalled.stderrText.contains("is not installed"));

        // The shipped catalogue is found without --catalogue.
        const auto shipped = cli({"models", "list"});
        QCOMPARE(shipped.exitCode, 0);
        QVERIFY(shipped.lines.size() >= 4);
        QCOMPARE(shipped.lines[0]["id"].get<std::string>(), std::string("openai-vit-b-32"));
    }
};

QTEST_GUILESS_MAIN(TestCliModels)
#include "test_cli_models.moc"
