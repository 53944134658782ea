// Every job with a Chinese-CLIP model, through clipdesk-cli: the small seeded Chinese-CLIP
// checkpoint of tests/core/model/goldens (torch.save, module. names, no configuration, its
// vocab.txt found where Clipdesk ships it) indexes photos, answers Chinese queries with the
// query syntax, finds similar photos, tags with a Chinese vocabulary (Chinese templates),
// learns a tag from examples, fine-tunes on Chinese captions and encodes text with the result.
// Random weights: these tests check the jobs and their outputs, never what the model knows;
// the bundled bilingual clipdesk-mini's search quality is measured in its README.
#include "bmp_writer.h"
#include "cli_json_run.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <set>

using clipdesk::test::runCliJson;

class TestCliChineseClip : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString model_, photos_, library_;

    static std::vector<nlohmann::json> withPath(const std::vector<nlohmann::json>& lines) {
        std::vector<nlohmann::json> out;
        for (const auto& l : lines)
            if (l.contains("path")) out.push_back(l);
        return out;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        model_ = tmp_.filePath("cn/clip_cn_tiny.pt");  // alone: no config.json, no vocab.txt beside it
        QDir().mkpath(tmp_.filePath("cn"));
        QVERIFY(QFile::copy(CLIPDESK_SOURCE_DIR "/tests/core/model/goldens/chinese_clip_tiny.pt", model_));
        photos_ = tmp_.filePath("photos");
        QDir().mkpath(photos_);
        for (int i = 0; i < 8; ++i) clipdesk::test::writeBmp(photos_ + QString("/img%1.bmp").arg(i), i * 5 + 1);
        library_ = tmp_.filePath("library");
        const auto r = runCliJson({"index", "--library", library_, "--model", model_, photos_});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QCOMPARE(r.lines.back().at("added").get<int>(), 8);
    }

    void chineseQueryWithTheSyntax() {
        const auto r = runCliJson({"search", "--library", library_, "-k", "8", "--", "海滩 ＋日落　－人"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto hits = withPath(r.lines);
        QCOMPARE(static_cast<int>(hits.size()), 8);
        for (std::size_t i = 1; i < hits.size(); ++i)
            QVERIFY(hits[i - 1].at("score").get<double>() >= hits[i].at("score").get<double>());
        // The same concepts written with ASCII signs give the same ranking and scores.
        const auto ascii = withPath(runCliJson({"search", "--library", library_, "-k", "8", "--", "海滩 +日落 -人"}).lines);
        QCOMPARE(ascii.size(), hits.size());
        for (std::size_t i = 0; i < hits.size(); ++i) {
            QCOMPARE(ascii[i].at("path"), hits[i].at("path"));
            QVERIFY(std::abs(ascii[i].at("score").get<double>() - hits[i].at("score").get<double>()) < 1e-6);
        }
    }

    void similarFindsThePhotoItselfFirst() {
        const auto r = runCliJson({"similar", "--library", library_, "-k", "3", photos_ + "/img3.bmp"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto hits = withPath(r.lines);
        QVERIFY(!hits.empty());
        QVERIFY(QString::fromStdString(hits[0].at("path").get<std::string>()).endsWith("img3.bmp"));
        QVERIFY(std::abs(hits[0].at("score").get<double>() - 1.0) < 1e-4);
    }

    void tagsWithAChineseVocabulary() {
        const QString labels = tmp_.filePath("labels.txt");
        std::ofstream(labels.toStdString()) << "运动鞋: 球鞋, 跑鞋\n海滩\n日落\n";
        const auto r = runCliJson({"tag", "--library", library_, "--labels", labels, "-k", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto& summary = r.lines.back();
        QCOMPARE(summary.at("labels").get<int>(), 3);
        QVERIFY(summary.at("skipped_labels").empty());
        std::set<std::string> names;
        for (const auto& line : withPath(r.lines))
            for (const auto& t : line.at("tags")) names.insert(t.at("tag").get<std::string>());
        QVERIFY(!names.empty());
        for (const auto& n : names) QVERIFY2(n == "运动鞋" || n == "海滩" || n == "日落", n.c_str());
    }

    void learnsATagFromExamples() {
        const auto r = runCliJson({"tag-examples", "--library", library_, "--tag", "我的猫", "--examples", photos_ + "/img0.bmp",
                                   photos_ + "/img1.bmp", "--counter", photos_ + "/img5.bmp"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto& summary = r.lines.back();
        QCOMPARE(summary.at("tag").get<std::string>(), std::string("我的猫"));
        QCOMPARE(summary.at("examples").get<int>(), 2);
        QCOMPARE(summary.at("counter_examples").get<int>(), 1);
    }

    void fineTunesOnChineseCaptions() {
        const QString pairs = tmp_.filePath("pairs.csv");
        {
            std::ofstream csv(pairs.toStdString());
            const char* captions[] = {"海边的日落", "一只猫坐在沙发上", "草地上的小狗", "红色的跑车", "北京的夜景", "白色的运动鞋",
                                      "一碗热汤面", "下雪的山"};
            csv << "image,caption\n";
            for (int i = 0; i < 8; ++i) csv << photos_.toStdString() << "/img" << i << ".bmp," << captions[i] << "\n";
        }
        const QString out = tmp_.filePath("tuned");
        const auto r = runCliJson({"train", "--pairs", pairs, "--model", model_, "--out", out, "--epochs", "1",
                                   "--batch-size", "4", "--val-split", "0", "--warmup", "0"},
                                  {300000, false, {}});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QVERIFY(QFile::exists(out + "/model.safetensors"));
        QVERIFY(QFile::exists(out + "/vocab.txt"));  // the tokenizer travels with the model
        QFile config(out + "/config.json");
        QVERIFY(config.open(QIODevice::ReadOnly));
        const auto json = nlohmann::json::parse(config.readAll().toStdString());
        QCOMPARE(json.at("text").at("kind").get<std::string>(), std::string("bert"));
        QCOMPARE(json.at("preprocess").at("resize").get<std::string>(), std::string("stretch"));
        const auto embedded = runCliJson({"embed-text", "--model", out, "海边的日落"});
        QVERIFY2(embedded.exitCode == 0, qPrintable(embedded.stderrText));
        const auto& e = embedded.lines.at(0).at("embedding");
        QCOMPARE(static_cast<int>(e.size()), 24);
        double norm = 0;
        for (const auto& v : e) norm += v.get<double>() * v.get<double>();
        QVERIFY(std::abs(norm - 1.0) < 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestCliChineseClip)
#include "test_cli_chinese_clip.moc"
