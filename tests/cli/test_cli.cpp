// clipdesk-cli end to end: the real binary, run as a user would, against the golden outputs
// of OpenAI's reference code, for every weight format; exit statuses and error lines.

#include "cli_runner.h"
#include "golden.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace clipdesk::test;
using clipdesk::test::CliResult;
using nlohmann::json;

namespace {

// clipdesk-cli with the reference vocabulary and no model from the environment.
CliResult cli(const QStringList& args, const QByteArray& stdinData = {}) {
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("CLIPDESK_BPE_VOCAB", QString::fromStdString(bpeVocabPath().string()));
    env.remove("CLIPDESK_MODEL");
    return clipdesk::test::runCli(args, stdinData, env);
}

QString model(const char* relative) { return QString::fromStdString((syntheticModelDir() / relative).string()); }

QStringList photoPaths(const json& golden) {
    QStringList paths;
    for (const auto& image : golden["images"])
        paths << QString::fromStdString((samplePhotosDir() / image["file"].get<std::string>()).string());
    return paths;
}

torch::Tensor embeddingsOf(const std::vector<json>& lines) {
    std::vector<torch::Tensor> rows;
    for (const auto& l : lines) rows.push_back(torch::tensor(l.at("embedding").get<std::vector<float>>()));
    return torch::stack(rows);
}

void addFormats() {
    QTest::addColumn<QString>("modelPath");
    QTest::newRow("openai safetensors (folder)") << model("");
    QTest::newRow("openai safetensors (file)") << model("model.safetensors");
    QTest::newRow("hugging face") << model("hf");
    QTest::newRow("openai torchscript") << model("openai-jit.pt");
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT
    json golden_;

private Q_SLOTS:
    void initTestCase() {
        CLIPDESK_REQUIRE_SHARED(syntheticModelDir() / "golden.json");
        golden_ = readGoldenJson();
    }

    void tokenizeReproducesGoldenIds() {
        QByteArray input;
        for (const auto& t : golden_["texts"]) input += QByteArray::fromStdString(json(t["text"]).dump()) + '\n';
        const auto r = cli({"tokenize", "--model", model(""), "--stdin"}, input);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), golden_["texts"].size());
        for (size_t i = 0; i < r.lines.size(); ++i) {
            QCOMPARE(r.lines[i]["text"], golden_["texts"][i]["text"]);
            QCOMPARE(r.lines[i]["ids"], golden_["texts"][i]["token_ids"]);
        }
    }

    void argumentsAfterDoubleDashAreTexts() {
        const auto r = cli({"tokenize", "--model", model(""), "--", "", "-v --help"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), size_t(2));
        QCOMPARE(r.lines[0]["text"], json(""));
        QCOMPARE(r.lines[0]["ids"][0], json(49406));
        QCOMPARE(r.lines[0]["ids"][1], json(49407));
        QCOMPARE(r.lines[0]["ids"][2], json(0));
        QCOMPARE(r.lines[1]["text"], json("-v --help"));
    }

    void stdinCarriesNewlinesAndNul() {
        const std::string withNul("x\0y", 3);
        const QByteArray input = QByteArray::fromStdString(json("line one\nline two").dump() + "\n" + json(withNul).dump() + "\n");
        const auto r = cli({"tokenize", "--model", model(""), "--stdin"}, input);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), size_t(2));
        QCOMPARE(r.lines[0]["text"].get<std::string>(), std::string("line one\nline two"));
        QCOMPARE(r.lines[1]["text"].get<std::string>(), withNul);
    }

    void badStdinLineIsReportedWithItsNumber() {
        const auto r = cli({"tokenize", "--model", model(""), "--stdin"}, "\"ok\"\n42\n");
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.stderrText.contains("stdin line 2") && r.stderrText.contains("JSON string"), qPrintable(r.stderrText));
    }

    void embedTextMatchesGolden_data() { addFormats(); }
    void embedTextMatchesGolden() {
        QFETCH(QString, modelPath);
        QByteArray input;
        for (const auto& t : golden_["texts"]) input += QByteArray::fromStdString(json(t["text"]).dump()) + '\n';
        const auto r = cli({"embed-text", "--model", modelPath, "--stdin"}, input);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), golden_["texts"].size());
        const double minCos = rowCosine(embeddingsOf(r.lines), goldenEmbeddings(golden_["texts"])).min().item<double>();
        qInfo("min text cosine %.8f", minCos);
        QVERIFY(minCos >= 0.9999);
    }

    void embedImageFromFilesMatchesGolden_data() { addFormats(); }
    void embedImageFromFilesMatchesGolden() {
        QFETCH(QString, modelPath);
        const auto r = cli(QStringList{"embed-image", "--model", modelPath} + photoPaths(golden_));
        QCOMPARE(r.exitCode, 0);
        const double minCos = rowCosine(embeddingsOf(r.lines), goldenEmbeddings(golden_["images"])).min().item<double>();
        qInfo("min image cosine from files %.8f", minCos);
        QVERIFY(minCos >= 0.999);
    }

    void bf16AutocastAgreesWithGolden() {
        const auto images = cli(QStringList{"embed-image", "--precision", "bf16", "--model", model("")} + photoPaths(golden_));
        QCOMPARE(images.exitCode, 0);
        QByteArray input;
        for (const auto& t : golden_["texts"]) input += QByteArray::fromStdString(json(t["text"]).dump()) + '\n';
        const auto texts = cli({"embed-text", "--precision", "bf16", "--model", model(""), "--stdin"}, input);
        QCOMPARE(texts.exitCode, 0);
        const double imageCos = rowCosine(embeddingsOf(images.lines), goldenEmbeddings(golden_["images"])).min().item<double>();
        const double textCos = rowCosine(embeddingsOf(texts.lines), goldenEmbeddings(golden_["texts"])).min().item<double>();
        qInfo("bf16 autocast: min cosine to fp32 golden: images %.6f, texts %.6f", imageCos, textCos);
        QVERIFY(imageCos >= 0.999);
        QVERIFY(textCos >= 0.999);
    }

    void oneBadImageDoesNotStopTheOthers() {
        QTemporaryDir dir;
        const QString bad = dir.filePath("not a photo.jpg");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("plain text, not a JPEG");
        f.close();
        auto paths = photoPaths(golden_);
        paths.insert(1, bad);
        const auto r = cli(QStringList{"embed-image", "--model", model("")} + paths);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.lines.size(), size_t(5));
        QCOMPARE(QString::fromStdString(r.lines[1]["path"]), bad);
        QVERIFY(r.lines[1].contains("error") && !r.lines[1].contains("embedding"));
        for (int i : {0, 2, 3, 4}) QVERIFY(r.lines[i].contains("embedding"));
    }

    void similarityMatchesGoldenMatrix() {
        QStringList args{"similarity", "--model", model(""), "--images"};
        args << photoPaths(golden_) << "--texts";
        for (const auto& t : golden_["label_texts"]) args << QString::fromStdString(t.get<std::string>());
        const auto r = cli(args);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), size_t(1));
        const auto& out = r.lines[0];
        const auto& expected = golden_["cosine_images_x_labels"];
        QCOMPARE(out["cosine"].size(), expected.size());
        QVERIFY(std::abs(out["logit_scale"].get<double>() - golden_["logit_scale"].get<double>()) < 1e-3);
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(out["cosine"][i].size(), expected[i].size());
            double rowSum = 0;
            for (size_t j = 0; j < expected[i].size(); ++j) {
                QVERIFY(std::abs(out["cosine"][i][j].get<double>() - expected[i][j].get<double>()) < 2e-3);
                rowSum += out["probs"][i][j].get<double>();
            }
            QVERIFY(std::abs(rowSum - 1.0) < 1e-5);
        }
    }

    void preprocessReproducesGoldenPixels() {
        QTemporaryDir dir;
        const QString out = dir.filePath("pixels.safetensors");
        const auto r = cli(QStringList{"preprocess", "--model", model(""), "--out", out} + photoPaths(golden_));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), golden_["images"].size());
        for (size_t i = 0; i < r.lines.size(); ++i) {
            const auto& g = golden_["images"][i];
            QCOMPARE(r.lines[i]["shape"], g["preprocessed_shape"]);
            for (int c = 0; c < 3; ++c) {
                QVERIFY(std::abs(r.lines[i]["channel_mean"][c].get<double>() - g["channel_mean"][c].get<double>()) < 1e-4);
                QVERIFY(std::abs(r.lines[i]["channel_std"][c].get<double>() - g["channel_std"][c].get<double>()) < 1e-4);
            }
        }
        clipdesk::SafetensorsFile written(out.toStdString());
        const auto diff = (written.read("pixel_values") - readGoldenTensor("pixel_values")).abs().max().item<double>();
        qInfo("max abs pixel difference to golden: %.3g", diff);
        QVERIFY(diff < 1e-5);
    }

    void malformedModelFilesExitOneWithOneLine() {
        QTemporaryDir dir;
        auto write = [&](const char* name, const QByteArray& bytes) {
            QFile f(dir.filePath(name));
            f.open(QIODevice::WriteOnly);
            f.write(bytes);
            return dir.filePath(name);
        };
        QFile real(model("model.safetensors"));
        QVERIFY(real.open(QIODevice::ReadOnly));
        const auto realBytes = real.readAll();
        const QStringList badModels{write("empty.safetensors", ""), write("text.safetensors", "hello"),
                                    write("cut.safetensors", realBytes.left(realBytes.size() / 2)),
                                    dir.filePath("absent.safetensors")};
        for (const auto& m : badModels) {
            const auto r = cli({"embed-text", "--model", m, "--", "a cat"});
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.stderrText.startsWith("clipdesk-cli: error: ") && r.stderrText.count('\n') == 1,
                     qPrintable(r.stderrText));
            QVERIFY2(r.stderrText.contains(QFileInfo(m).fileName()), qPrintable(r.stderrText));
            QVERIFY(r.lines.empty());
        }
    }

    void usageErrorsExitTwo() {
        QCOMPARE(cli({"embed-text", "--no-such-option"}).exitCode, 2);
        QCOMPARE(cli({}).exitCode, 2);
        QCOMPARE(cli({"no-such-command"}).exitCode, 2);
        QCOMPARE(cli({"similarity", "--model", model(""), "--texts", "a"}).exitCode, 2);  // --images missing
    }

    void withoutAModelTheBundledOneIsUsed() {
        const auto r = cli({"embed-text", "--", "a pair of trousers"});
        if (!QFile::exists(CLIPDESK_SOURCE_DIR "/models/clipdesk-mini/model.safetensors")) {
            QCOMPARE(r.exitCode, 1);
            QVERIFY(r.stderrText.contains("--model"));
            return;
        }
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QVERIFY(r.stderrText.contains("clipdesk-mini"));
        QCOMPARE(r.lines.size(), size_t(1));
    }

    void everyCommandHasHelp() {
        for (const char* command : {"tokenize", "embed-text", "embed-image", "similarity", "preprocess"}) {
            QProcess p;
            p.start(CLIPDESK_CLI_PATH, {command, "--help"});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitCode(), 0);
            QVERIFY2(p.readAllStandardOutput().contains("--model"), command);
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
