// clipdesk-cli index --watch as a user runs it in a terminal: the first run's line, the
// watch coverage, a photo added while it watches indexed in the background (one JSON line),
// then Ctrl-C (SIGINT) ends it with exit 0.

#include "cli_process.h"
#include "library_test_support.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <signal.h>

#include <chrono>
#include <filesystem>

using namespace clipdesk;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

// Reads stdout's JSON lines as they come until one has "event" == `event` (or the time is up).
class LineReader {
public:
    explicit LineReader(QProcess& p) : p_(p) {}
    std::optional<json> next(const std::string& event, int timeoutMs) {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            while (p_.canReadLine()) {
                const QByteArray line = p_.readLine();
                auto parsed = json::parse(line.toStdString(), nullptr, false);
                if (parsed.is_discarded()) continue;
                seen.push_back(parsed);
                if (parsed.value("event", "") == event) return parsed;
            }
            if (timer.elapsed() > timeoutMs || p_.state() == QProcess::NotRunning) return std::nullopt;
            p_.waitForReadyRead(200);
        }
    }
    std::vector<json> seen;

private:
    QProcess& p_;
};

}  // namespace

class TestCliIndexWatch : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void watchesUntilCtrlC() {
        const fs::path root(tmp_.path().toStdString());
        const fs::path model = root / "model", photos = root / "photos", lib = root / "library";
        test::writeTinyModel(model, 1);
        test::writePhoto(photos / "one.jpg", 1);

        QProcess p;
        test::prepareCliProcess(p);
        p.start(CLIPDESK_CLI_PATH, {"index", "--library", q(lib), "--model", q(model), "--precision", "fp32",
                                    "--batch-size", "4", "--quiet", "--watch", "--settle", "0.5", q(photos)});
        QVERIFY(p.waitForStarted());
        LineReader reader(p);
        const auto indexed = reader.next("indexed", 60000);
        QVERIFY2(indexed.has_value(), p.readAllStandardError().constData());
        QCOMPARE((*indexed)["added"], json(1));
        const auto watching = reader.next("watching", 10000);
        QVERIFY(watching.has_value());
        QCOMPARE((*watching)["watched_folders"], json(1));
        QCOMPARE((*watching)["unwatched_folders"], json(0));
        QVERIFY((*watching)["watch_cap"].get<std::int64_t>() > 0);

        test::writePhoto(photos / "added later.png", 2);
        const auto reindexed = reader.next("reindexed", 30000);
        QVERIFY2(reindexed.has_value(), p.readAllStandardError().constData());
        QCOMPARE((*reindexed)["trigger"], json("changes"));
        QCOMPARE((*reindexed)["added"], json(1));
        QCOMPARE((*reindexed)["unchanged"], json(1));
        QCOMPARE((*reindexed)["failed"], json(0));
        QCOMPARE((*reindexed)["folders"], json::array({photos.string()}));

        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliIndexWatch)
#include "test_cli_index_watch.moc"
