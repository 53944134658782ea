// clipdesk-cli train-vocab / train / eval-zeroshot end to end on a tiny generated dataset:
// JSON progress lines, a loadable output model, Ctrl+C stopping with a checkpoint, --resume
// continuing from it, and line-numbered errors for a bad pairs file.

#include "cli_runner.h"

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

// A 24-bit BMP of one colour with a bright square whose place depends on `seed`.
void writeBmp(const QString& path, int seed) {
    const int w = 32, h = 32, rowBytes = w * 3;
    std::vector<unsigned char> pixels(static_cast<size_t>(rowBytes * h));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const bool square = x / 8 == seed % 4 && y / 8 == (seed / 4) % 4;
            unsigned char* p = &pixels[static_cast<size_t>(y * rowBytes + x * 3)];
            p[0] = static_cast<unsigned char>(square ? 255 : 20 * (seed % 7));
            p[1] = static_cast<unsigned char>(square ? 255 : 30 * (seed % 5));
            p[2] = static_cast<unsigned char>(square ? 255 : 15 * (seed % 11));
        }
    auto le32 = [](std::ofstream& o, uint32_t v) { for (int i = 0; i < 4; ++i) o.put(static_cast<char>(v >> (8 * i))); };
    auto le16 = [](std::ofstream& o, uint16_t v) { o.put(static_cast<char>(v)); o.put(static_cast<char>(v >> 8)); };
    std::ofstream o(path.toStdString(), std::ios::binary);
    o.write("BM", 2);
    le32(o, 54 + static_cast<uint32_t>(pixels.size()));
    le32(o, 0);
    le32(o, 54);
    le32(o, 40);
    le32(o, w);
    le32(o, static_cast<uint32_t>(-h));  // top-down rows
    le16(o, 1);
    le16(o, 24);
    for (int i = 0; i < 6; ++i) le32(o, 0);
    o.write(reinterpret_cast<const char*>(pixels.data()), static_cast<std::streamsize>(pixels.size()));
}

const char* kWords[] = {"red", "green", "blue", "square", "corner", "bright", "dark", "left", "right", "top"};

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
        pairs_ = dir_.filePath("pairs.csv");
        std::ofstream csv(pairs_.toStdString());
        csv << "image,caption\n";
        for (int i = 0; i < 32; ++i) {
            writeBmp(dir_.filePath(QString("img%1.bmp").arg(i)), i);
            csv << "img" << i << ".bmp,\"a " << kWords[i % 10] << " " << kWords[(i / 3) % 10] << " picture, number " << i
                << "\"\n";
        }
        csv.close();
        vocab_ = dir_.filePath("merges.txt");
        const auto r = runCli({"train-vocab", "--pairs", pairs_, "--merges", "50", "--out", vocab_});
        QCOMPARE(r.exitCode, 0);
        const auto vocabSize = r.lines.at(0).at("vocab_size").get<int>();
        QVERIFY(vocabSize > 512 + 2 && vocabSize <= 512 + 50 + 2);
        config_ = dir_.filePath("config.json");
        const json config = {
            {"name", "tiny-cli"},
            {"embed_dim", 16},
            {"vision", {{"image_size", 32}, {"patch_size", 8}, {"width", 32}, {"layers", 2}, {"heads", 2}}},
            {"text",
             {{"context_length", 16}, {"vocab_size", vocabSize}, {"width", 32}, {"layers", 1}, {"heads", 2},
              {"sot_id", r.lines[0]["sot_id"]}, {"eot_id", r.lines[0]["eot_id"]}}}};
        std::ofstream(config_.toStdString()) << config.dump(2);
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
