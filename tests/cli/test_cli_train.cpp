// clipdesk-cli train-vocab / train / eval-zeroshot end to end on a tiny generated dataset:
// JSON progress lines, a loadable output model, Ctrl+C stopping with a checkpoint, --resume
// continuing from it, and line-numbered errors for a bad pairs file.

#include "cli_runner.h"
#include "tiny_training_set.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <csignal>
#include <fstream>

using nlohmann::json;

namespace {

using clipdesk::test::runCli;

}  // namespace

class TestCliTrain : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString pairs_, vocab_, config_;

    QStringList trainArgs(const QString& out, int epochs) const {
        return {"train", "--pairs", pairs_, "--config", config_, "--vocab", vocab_, "--out", out,
                "--epochs", QString::number(epochs), "--batch-size", "8", "--val-split", "0.25",
                "--warmup", "2", "--log-every", "1", "--workers", "1", "--threads", "1"};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const auto set = clipdesk::test::writeTinyTrainingSet(QDir(dir_.path()));
        pairs_ = set.pairs;
        vocab_ = set.vocab;
        config_ = set.config;
        QVERIFY(set.vocabSize > 512 + 2 && set.vocabSize <= 512 + 50 + 2);
    }

    void trainsAndLeavesAUsableModel() {
        const QString out = dir_.filePath("run");
        const auto r = runCli(trainArgs(out, 2));
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        int steps = 0, evals = 0;
        for (const auto& line : r.lines) {
            if (line["type"] == "step") {
                ++steps;
                QVERIFY(std::isfinite(line["loss"].get<double>()));
                QVERIFY(line.contains("lr") && line.contains("samples_per_s") && line.contains("logit_scale"));
            }
            if (line["type"] == "eval") {
                ++evals;
                QVERIFY(line["image_to_text"].contains("R@1"));
            }
        }
        QCOMPARE(steps, 6);  // 24 training pairs / 8 per batch x 2 epochs
        QCOMPARE(evals, 2);
        QCOMPARE(r.lines.back()["type"], json("done"));
        // The output folder is a model like any other (weights, config, vocabulary).
        const auto embed = runCli({"embed-text", "--model", out, "--", "a red square"});
        QVERIFY2(embed.exitCode == 0, qPrintable(embed.stderrText));
        QCOMPARE(embed.lines.at(0)["embedding"].size(), size_t(16));
        QVERIFY(QFile::exists(out + "/train_log.jsonl"));
        QVERIFY(QFile::exists(out + "/checkpoints/latest"));
    }

    void ctrlCStopsWithACheckpointAndResumeContinues() {
        const QString out = dir_.filePath("stopped");
        QProcess p;
        p.start(CLIPDESK_CLI_PATH, trainArgs(out, 200));
        QByteArray stdoutText;
        QVERIFY(p.waitForStarted());
        while (!stdoutText.contains("\"type\":\"step\"") && p.state() == QProcess::Running) {
            p.waitForReadyRead(1000);
            stdoutText += p.readAllStandardOutput();
        }
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(120000));
        stdoutText += p.readAllStandardOutput();
        QCOMPARE(p.exitCode(), 0);
        const auto lastLine = stdoutText.trimmed().split('\n').last();
        const auto done = json::parse(lastLine.toStdString());
        QCOMPARE(done["stopped"], json(true));
        const auto stoppedAt = done["steps"].get<int>();
        QVERIFY(stoppedAt >= 1 && stoppedAt < 600);

        auto resumed = trainArgs(out, 200);
        resumed << "--resume";
        QProcess again;
        again.start(CLIPDESK_CLI_PATH, resumed);
        QVERIFY(again.waitForStarted());
        QByteArray text;
        while (!text.contains("\"type\":\"step\"") && again.state() == QProcess::Running) {
            again.waitForReadyRead(1000);
            text += again.readAllStandardOutput();
        }
        ::kill(static_cast<pid_t>(again.processId()), SIGINT);
        QVERIFY(again.waitForFinished(120000));
        const auto firstStep = json::parse(text.split('\n').first().toStdString());
        QVERIFY2(firstStep["step"].get<int>() > stoppedAt, text.constData());  // continues, not from zero
    }

    // The same set-up checks as the window (core's prepareTraining): an epoch must hold a batch.
    void tooFewPairsForOneBatchIsRefusedBeforeTraining() {
        auto args = trainArgs(dir_.filePath("too-few"), 1);
        args[args.indexOf("--batch-size") + 1] = "64";  // 24 training pairs
        const auto r = runCli(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.stderrText.contains("24 training pairs are too few for one batch of 64"), qPrintable(r.stderrText));
        QVERIFY(r.lines.empty());
        QVERIFY(!QFile::exists(dir_.filePath("too-few/checkpoints/latest")));
    }

    void badPairsFileIsALineNumberedError() {
        const QString bad = dir_.filePath("bad.csv");
        std::ofstream(bad.toStdString()) << "image,caption\nimg0.bmp,a caption\nimg1.bmp,\n";
        QFile::copy(dir_.filePath("img0.bmp"), QFileInfo(bad).dir().filePath("img0.bmp"));
        const auto r = runCli({"train", "--pairs", bad, "--config", config_, "--vocab", vocab_, "--out",
                               dir_.filePath("bad-run")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.stderrText.contains("bad.csv:3"), qPrintable(r.stderrText));
    }

    // A pairs file reads images inside its own folder only, unless the user allows more.
    void rowsOutsideThePairsFolderNeedTheOption() {
        QDir(dir_.path()).mkpath("nested");
        const QString pairs = dir_.filePath("nested/outside.csv");
        std::ofstream(pairs.toStdString()) << "image,caption\n../img0.bmp,a picture from the folder above\n";
        const QString vocab = dir_.filePath("nested/merges.txt");
        auto r = runCli({"train-vocab", "--pairs", pairs, "--merges", "5", "--out", vocab});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.stderrText.contains(pairs + ":2: image lies outside the pairs file's folder " + dir_.filePath("nested") +
                                       ": ../img0.bmp; pass --allow-outside-paths to read it"),
                 qPrintable(r.stderrText));
        QVERIFY(!QFile::exists(vocab));
        r = runCli({"train-vocab", "--pairs", pairs, "--merges", "5", "--out", vocab, "--allow-outside-paths"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QProcess help;
        help.start(CLIPDESK_CLI_PATH, {"train", "--help"});
        QVERIFY(help.waitForFinished(60000));
        QVERIFY(QString::fromUtf8(help.readAllStandardOutput()).contains("--allow-outside-paths"));
    }

    void bundledMiniModelClassifiesFashionMnist() {
        const QString mini = CLIPDESK_SOURCE_DIR "/models/clipdesk-mini";
        if (!QFile::exists(mini + "/model.safetensors")) QSKIP("models/clipdesk-mini is not in this checkout");
        const QString data = qEnvironmentVariable("CLIPDESK_FASHION_MNIST_DIR");
        if (data.isEmpty() || !QFile::exists(data + "/t10k-images-idx3-ubyte.gz"))
            QSKIP("Fashion-MNIST not found: set CLIPDESK_FASHION_MNIST_DIR (tests/data/fetch_fashion_mnist.sh DEST "
                  "unpacks Debian's dataset-fashion-mnist)");
        // 2,000 test images, templates never used in training: well above chance (10%).
        const auto r = runCli({"eval-zeroshot", "--model", mini, "--dataset", data, "--split", "test", "--limit", "2000"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const double top1 = r.lines.at(0).at("top1").get<double>();
        qInfo("clipdesk-mini zero-shot top-1 on the first 2000 test images: %.4f", top1);
        QVERIFY(top1 >= 0.75);
        QCOMPARE(r.lines[0]["images"].get<int>(), 2000);
    }

    void usageErrors() {
        QCOMPARE(runCli({"train", "--pairs", pairs_, "--out", dir_.filePath("x")}).exitCode, 2);  // no --model/--config
        QCOMPARE(runCli({"train", "--pairs", pairs_, "--model", "m", "--config", config_, "--out", "x"}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliTrain)
#include "test_cli_train.moc"
