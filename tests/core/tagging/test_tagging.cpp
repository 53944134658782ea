// Tagging in core: the bundled prompt resources, every kind of bad label/template file, the
// label encoder's context check, scoring (single and multi-label), per-label thresholds against
// a fixed cut-off, the linear probe, XMP sidecars (merge, malformed, read-only folder), label
// encoding progress and cancellation, and one label's threshold preview over a library.

#include "library_test_support.h"
#include "shared_data.h"

#include "clip/clip_embedder.h"
#include "base/sha256.h"
#include "base/text_script.h"
#include "library/photo_library.h"
#include "training/data/caption_templates.h"
#include "tagging/label_encoder.h"
#include "tagging/label_statistics.h"
#include "tagging/label_threshold.h"
#include "tagging/label_vocabulary.h"
#include "tagging/linear_probe.h"
#include "tagging/multi_label_metrics.h"
#include "tagging/tag_scoring.h"
#include "tagging/tag_export.h"
#include "library/tag_name.h"
#include "library/tag_store.h"
#include "tagging/template_set.h"
#include "tagging/text_lines.h"
#include "tagging/xmp_sidecar.h"
#include "tagging/zero_shot_tagger.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

using namespace clipdesk;
namespace fs = std::filesystem;

namespace {

void writeText(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The message of the TaggingInputError `f` throws; fails the test if it throws nothing.
template <typename F>
QString errorOf(F f) {
    try {
        f();
    } catch (const TaggingInputError& e) {
        return QString::fromStdString(e.what());
    }
    return QStringLiteral("<no error>");
}

torch::Tensor normalised(const torch::Tensor& t) { return t / t.norm(2, -1, true); }

// A library database whose `photos` indexed photos under /lib/a and /lib/b carry the rows of
// `embeddings` [N, E]; no image file exists.
void fillLibrary(LibraryDatabase& db, const torch::Tensor& embeddings) {
    ModelIdentity model;
    model.identity = std::string(64, 'a');
    model.modelPath = model.weightsPath = "synthetic";
    model.weightsSha256 = std::string(64, 'b');
    model.name = "synthetic";
    model.embedDim = static_cast<int>(embeddings.size(1));
    model.imageSize = 32;
    db.setCurrentModel(model);
    const auto a = db.addFolder("/lib/a", false);
    const auto b = db.addFolder("/lib/b", false);
    const auto rows = embeddings.contiguous();
    SqliteTransaction transaction(db.connection());
    for (int64_t i = 0; i < rows.size(0); ++i) {
        const auto folder = i % 2 ? b : a;
        const auto id = db.insertPhoto(folder, std::string(i % 2 ? "/lib/b/" : "/lib/a/") + std::to_string(i) + ".jpg",
                                       1000, 0);
        EncodedPhoto encoded;
        db.markIndexed(id, encoded, rows[i].data_ptr<float>(), static_cast<int>(rows.size(1)));
    }
    transaction.commit();
}

// A library in `dir` filled as by fillLibrary, opened as the tagging use cases see it.
std::unique_ptr<PhotoLibrary> filledLibrary(const std::filesystem::path& dir, const torch::Tensor& embeddings) {
    std::filesystem::create_directories(dir);
    {
        LibraryDatabase db(libraryFiles(dir).database, true);
        fillLibrary(db, embeddings);
    }
    return PhotoLibrary::openRecords(dir, LibraryAccess::Read);
}

}  // namespace

class TestTagging : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path path(const std::string& name) const { return fs::path(tmp_.path().toStdString()) / name; }

private Q_SLOTS:
    void builtinTemplateSetsAndVocabulary() {
        QCOMPARE(loadTemplateSet("imagenet80").templates.size(), std::size_t{80});
        const auto short7 = loadTemplateSet("short7");
        QCOMPARE(short7.templates.size(), std::size_t{7});
        QCOMPARE(short7.templates.front(), std::string("itap of a {}."));
        QCOMPARE(loadTemplateSet("single").templates, std::vector<std::string>{"a photo of a {}."});
        QVERIFY(loadTemplateSet("short7").key != loadTemplateSet("single").key);
        const auto vocabulary = loadLabelVocabulary("builtin");
        QVERIFY2(vocabulary.labels.size() >= 300, qPrintable(QString::number(vocabulary.labels.size())));
        const auto beach = std::find_if(vocabulary.labels.begin(), vocabulary.labels.end(),
                                        [](const LabelSpec& l) { return l.name == "beach"; });
        QVERIFY(beach != vocabulary.labels.end());
        QCOMPARE(beach->synonyms, (std::vector<std::string>{"seaside", "sandy beach"}));
        QCOMPARE(beach->canonical(), std::string("beach: seaside, sandy beach"));
    }

    void labelsInChineseGetTheChineseTemplates() {
        const auto single = loadTemplateSet("single");
        QCOMPARE(single.templatesFor("运动鞋"), std::vector<std::string>{"一张{}的照片。"});
        QCOMPARE(single.templatesFor("sneaker"), std::vector<std::string>{"a photo of a {}."});
        QCOMPARE(single.templatesFor("T恤"), std::vector<std::string>{"一张{}的照片。"});  // mixed: has ideographs
        QCOMPARE(single.templatesFor("ｔシャツ"), std::vector<std::string>{"a photo of a {}."});  // no ideograph
        for (const auto& name : builtinTemplateSetNames()) {
            const auto set = loadTemplateSet(name);
            QVERIFY2(!set.chineseTemplates.empty(), name.c_str());
            QCOMPARE(set.templatesFor("sneaker"), set.templates);
            QCOMPARE(set.templatesFor("海滩"), set.chineseTemplates);
            for (const auto& t : set.chineseTemplates) {
                QVERIFY2(t.find("{}") != std::string::npos, t.c_str());
                QVERIFY2(hasIdeograph(t), t.c_str());
            }
        }
        QCOMPARE(loadTemplateSet("short7").chineseTemplates.size(), std::size_t{7});
        QVERIFY(loadTemplateSet("imagenet80").chineseTemplates.size() >= 40);
        // The Chinese rendition is part of the cache key; a set without one keeps its old key.
        QVERIFY(loadTemplateSet("single").key != makeTemplateSet("single", {"a photo of a {}."}).key);
        QCOMPARE(makeTemplateSet("single", {"a photo of a {}."}).key,
                 std::string("single:") + sha256Hex("a photo of a {}.\n").substr(0, 16));
        // A user file stays an override: its templates for every name, Chinese ones included.
        const auto file = path("templates.txt").string();
        writeText(file, "a picture of {}.\n");
        const auto user = loadTemplateSet(file);
        QVERIFY(user.chineseTemplates.empty());
        QCOMPARE(user.templatesFor("运动鞋"), std::vector<std::string>{"a picture of {}."});
    }

    void userLabelFileWithSynonymsAndComments() {
        writeText(path("labels.txt"), "\xEF\xBB\xBF# my labels\r\ncar: automobile, auto\r\n\r\n  dog  \r\n");
        const auto v = loadLabelVocabulary(path("labels.txt").string());
        QCOMPARE(v.labels.size(), std::size_t{2});
        QCOMPARE(v.labels[0].name, std::string("car"));
        QCOMPARE(v.labels[0].synonyms, (std::vector<std::string>{"automobile", "auto"}));
        QCOMPARE(v.labels[1].name, std::string("dog"));
        QCOMPARE(v.labels[1].source, path("labels.txt").string() + ":4");
    }

    void badLabelFilesNameFileAndLine() {
        const auto file = path("bad.txt").string();
        writeText(file, "# only comments\n\n");
        QVERIFY(errorOf([&] { loadLabelVocabulary(file); }).contains(QString::fromStdString(file) + ": no labels"));
        writeText(file, "cat\ndog\nCat: kitty\n");
        const auto dup = errorOf([&] { loadLabelVocabulary(file); });
        QVERIFY2(dup.contains(QString::fromStdString(file) + ":3: duplicate label \"Cat\"") &&
                     dup.contains(QString::fromStdString(file) + ":1"),
                 qPrintable(dup));
        writeText(file, "cat\nd\xFFg\n");
        const auto utf8 = errorOf([&] { loadLabelVocabulary(file); });
        QVERIFY2(utf8.contains(QString::fromStdString(file) + ":2: not valid UTF-8") && utf8.contains("0xFF"),
                 qPrintable(utf8));
        writeText(file, "car: automobile, , auto\n");
        QVERIFY(errorOf([&] { loadLabelVocabulary(file); }).contains(":1: empty synonym"));
        writeText(file, ": nothing\n");
        QVERIFY(errorOf([&] { loadLabelVocabulary(file); }).contains(":1: empty label"));
        QVERIFY(errorOf([&] { loadLabelVocabulary(path("missing.txt").string()); }).contains("cannot open"));
    }

    void badTemplateFilesNameFileAndLine() {
        const auto file = path("templates.txt").string();
        writeText(file, "a photo of a {}.\na photo without a slot.\n");
        const auto missing = errorOf([&] { loadTemplateSet(file); });
        QVERIFY2(missing.contains(QString::fromStdString(file) + ":2: template \"a photo without a slot.\" has no {}"),
                 qPrintable(missing));
        writeText(file, "\n# nothing\n");
        QVERIFY(errorOf([&] { loadTemplateSet(file); }).contains(QString::fromStdString(file) + ": no templates"));
        writeText(file, "a photo of a {}.\n\xC3\x28 {}\n");
        QVERIFY(errorOf([&] { loadTemplateSet(file); }).contains(QString::fromStdString(file) + ":2: not valid UTF-8"));
    }

    void labelLongerThanTheContextIsRefused() {
        CLIPDESK_REQUIRE_SHARED(test::bpeVocabPath());
        test::writeTinyModel(path("model"), 7);
        test::useSharedBpeVocabulary();
        auto embedder = ClipEmbedder::open(path("model").string());
        std::string longLabel;
        for (int i = 0; i < 80; ++i) longLabel += "word ";
        const auto file = path("long.txt").string();
        writeText(file, "cat\n" + longLabel + "\n");
        const auto vocabulary = loadLabelVocabulary(file);
        const auto message = errorOf([&] { encodeLabels(*embedder, vocabulary.labels, loadTemplateSet("single")); });
        QVERIFY2(message.contains(QString::fromStdString(file) + ":2: label") && message.contains("too long") &&
                     message.contains("the model reads at most"),
                 qPrintable(message));
        // A short vocabulary encodes to one normalised row per label, synonyms averaged in.
        writeText(file, "cat: kitten\ndog\n");
        const auto enc = encodeLabels(*embedder, loadLabelVocabulary(file).labels, loadTemplateSet("short7"));
        QCOMPARE(enc.labels.size(0), int64_t{2});
        QCOMPARE(enc.prompts.size(0), int64_t{(2 + 1) * 7});
        QVERIFY(torch::allclose(enc.labels.norm(2, 1), torch::ones({2}), 1e-5, 1e-5));
        // "cat: kitten" = mean of the two names' ensembles, re-normalised.
        const auto cat = normalised(enc.prompts.slice(0, 0, 7).mean(0));
        const auto kitten = normalised(enc.prompts.slice(0, 7, 14).mean(0));
        QVERIFY(torch::allclose(enc.labels[0], normalised(cat + kitten), 1e-5, 1e-5));
    }

    void chineseAndEnglishLabelsAreEncodedWithTheirOwnTemplates() {
        CLIPDESK_REQUIRE_SHARED(test::bpeVocabPath());
        test::writeTinyModel(path("model77"), 7, false, 77);
        test::useSharedBpeVocabulary();
        auto embedder = ClipEmbedder::open(path("model77").string());
        const auto file = path("bilingual.txt").string();
        writeText(file, "sneaker\n运动鞋: 球鞋, sports shoe\n");
        const auto templates = loadTemplateSet("short7");
        const auto enc = encodeLabels(*embedder, loadLabelVocabulary(file).labels, templates);
        QCOMPARE(enc.prompts.size(0), int64_t{4 * 7});
        QCOMPARE(enc.firstPrompt, (std::vector<int64_t>{0, 7}));
        std::vector<std::string> expected;
        for (const auto& t : templates.templates) expected.push_back(fillTemplate(t, "sneaker"));
        for (const std::string name : {"运动鞋", "球鞋"})
            for (const auto& t : templates.chineseTemplates) expected.push_back(fillTemplate(t, name));
        for (const auto& t : templates.templates) expected.push_back(fillTemplate(t, "sports shoe"));
        QCOMPARE(expected[7], std::string("我拍的运动鞋。"));
        QVERIFY(torch::allclose(enc.prompts, embedder->embedTexts(expected), 1e-5, 1e-5));
        // The Chinese label: its three names' ensembles averaged, re-normalised.
        const auto ensemble = [&](int64_t first) { return normalised(enc.prompts.slice(0, first, first + 7).mean(0)); };
        QVERIFY(torch::allclose(enc.labels[1], normalised(ensemble(7) + ensemble(14) + ensemble(21)), 1e-5, 1e-5));
    }

    void labelStatisticsMatchDirectComputation() {
        torch::manual_seed(1);
        const auto photos = normalised(torch::randn({500, 16}));
        const auto labels = normalised(torch::randn({7, 16}));
        EmbeddingMoments moments;
        moments.add(photos.slice(0, 0, 200));
        moments.add(photos.slice(0, 200));
        const auto stats = labelStatistics(moments, labels);
        const auto cos = photos.mm(labels.t());
        QVERIFY(torch::allclose(stats.mean, cos.mean(0), 1e-5, 1e-5));
        QVERIFY(torch::allclose(stats.std, cos.std(0, false), 1e-4, 1e-4));
    }

    void singleLabelModeGivesSoftmaxTopK() {
        const auto labels = torch::eye(4);
        const auto photos = normalised(torch::tensor({{1.0f, 0.2f, 0.0f, 0.0f}, {0.0f, 0.0f, 0.3f, 1.0f}}));
        TagScoringOptions options;
        options.topK = 2;
        options.logitScale = 10;
        options.chunkRows = 1;  // chunking must not change anything
        const auto s = scoreTags(photos, labels, options);
        QCOMPARE(s.label[0][0].item<int64_t>(), int64_t{0});
        QCOMPARE(s.label[0][1].item<int64_t>(), int64_t{1});
        QCOMPARE(s.label[1][0].item<int64_t>(), int64_t{3});
        const auto expected = torch::softmax(photos.mm(labels.t()) * 10, 1);
        QVERIFY(std::abs(s.score[0][0].item<float>() - expected[0][0].item<float>()) < 1e-6);
        QVERIFY(std::abs(s.cosine[1][0].item<float>() - photos[1][3].item<float>()) < 1e-6);
        QVERIFY(s.keep.all().item<bool>());
    }

    // Labels whose cosines sit at different levels (as CLIP's do): one global cut-off cannot
    // serve them all, per-label z-scores can.
    void perLabelThresholdsBeatAFixedCutOffOnUncalibratedLabels() {
        torch::manual_seed(3);
        const int64_t n = 3000, classes = 6;
        const auto truth = torch::randint(classes, {n}, torch::kLong);
        // cosine = offset per label + 0.1 if the photo has the label + noise
        const auto offsets = torch::linspace(0.0, 0.25, classes);
        const auto scores = offsets.unsqueeze(0) + 0.1 * torch::one_hot(truth, classes).to(torch::kFloat) +
                            0.02 * torch::randn({n, classes});
        const auto truthMatrix = torch::one_hot(truth, classes).to(torch::kBool);
        LabelStatistics stats{scores.mean(0), scores.std(0)};
        const auto fixed = bestThreshold(scores, truthMatrix, thresholdGrid(-0.2, 0.6, 400));
        const auto z = bestThreshold(multiLabelScores(scores, ThresholdMethod::ZScore, stats), truthMatrix,
                                     thresholdGrid(-1, 4, 200));
        QVERIFY2(z.macroF1 > 0.95 && fixed.macroF1 < 0.6,
                 qPrintable(QString("z-score F1 %1, fixed F1 %2").arg(z.macroF1).arg(fixed.macroF1)));
        // Multi-label scoring tags exactly the labels above the threshold.
        TagScoringOptions options;
        options.mode = TagMode::Multi;
        options.topK = classes;
        options.method = ThresholdMethod::ZScore;
        options.threshold = z.threshold;
        const auto m = multiLabelScores(scores, ThresholdMethod::ZScore, stats);
        QCOMPARE(m.ge(z.threshold).sum().item<int64_t>(), z.f1.empty() ? 0 : m.ge(z.threshold).sum().item<int64_t>());
        const auto margin = multiLabelScores(torch::tensor({{0.3f, 0.2f, 0.1f}}), ThresholdMethod::Margin, stats);
        QVERIFY(torch::allclose(margin, torch::tensor({{0.1f, -0.1f, -0.2f}}), 1e-6, 1e-6));
    }

    void linearProbeLearnsATagFromFewExamples() {
        torch::manual_seed(5);
        const auto direction = normalised(torch::randn({32}));
        const auto make = [&](int64_t count, double sign) {
            return normalised(torch::randn({count, 32}) * 0.15 + sign * direction.unsqueeze(0) * 0.5 +
                              normalised(torch::randn({1, 32})) * 0.0);
        };
        const auto positives = make(4, 1), counters = make(4, -1), background = make(200, -1);
        const auto probe = trainLinearProbe(positives, counters, background);
        const auto testPos = make(300, 1), testNeg = make(300, -1);
        const double accuracy = (probe.probabilities(testPos).ge(0.5).sum().item<double>() +
                                 probe.probabilities(testNeg).lt(0.5).sum().item<double>()) / 600.0;
        QVERIFY2(accuracy > 0.97, qPrintable(QString::number(accuracy)));
        // With a strong penalty the probe stays at its prior.
        LinearProbeOptions pinned;
        pinned.prior = direction * 10;
        pinned.l2 = 1e6;
        const auto stuck = trainLinearProbe(positives, counters, torch::Tensor(), pinned);
        QVERIFY(torch::allclose(stuck.weight, direction * 10, 1e-2, 1e-2));
        bool threw = false;
        try {
            trainLinearProbe(positives, torch::Tensor(), torch::Tensor());
        } catch (const std::invalid_argument&) {
            threw = true;
        }
        QVERIFY(threw);
    }

    // The tag names tag-set, the window's decisions and XMP import may store: the same rule as
    // tag by example, so that no stored tag can break an XMP export later.
    void badTagNamesAreRefusedBeforeAnythingIsStored() {
        const auto library = filledLibrary(path("names"), normalised(torch::randn({2, 8})));
        TagStore& store = library->tags();
        const auto reason = [&](const std::string& tag) {
            try {
                store.addManualTags({{1, {"fine", tag}}});  // nothing stored, not even "fine"
            } catch (const TagNameError& e) {
                return std::string(e.what());
            }
            return std::string("(stored)");
        };
        QCOMPARE(reason(""), std::string("tag name is empty or only whitespace"));
        QCOMPARE(reason(" \t "), std::string("tag name is empty or only whitespace"));
        QVERIFY2(reason("caf\xff").rfind("tag name is not valid UTF-8 (", 0) == 0, reason("caf\xff").c_str());
        QCOMPARE(reason("a\x01b"), std::string("tag 'a\x01b': contains a control character"));
        QVERIFY_THROWS_EXCEPTION(TagNameError, store.decideAll({1, 2}, "  ", TagDecision::Rejected));
        QCOMPARE(store.tagNames().size(), std::size_t{0});
        QCOMPARE(checkedTagName("  sunset at sea "), std::string("sunset at sea"));
    }

    // Tags (and paths) that a spreadsheet would run as formulas are exported as text.
    void csvExportNeutralisesFormulas() {
        std::vector<TagRecord> tags;
        for (const char* tag : {"=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "\tx", "plain, with comma"}) {
            TagRecord t;
            t.path = "/p/a.jpg";
            t.tag = tag;
            t.source = TagSource::Manual;
            tags.push_back(t);
        }
        const std::string csv = tagsToCsv(tags);
        QVERIFY2(csv.find("/p/a.jpg,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",") != std::string::npos, csv.c_str());
        QVERIFY2(csv.find("/p/a.jpg,\"'+1\",") != std::string::npos, csv.c_str());
        QVERIFY2(csv.find("/p/a.jpg,\"'-2\",") != std::string::npos, csv.c_str());
        QVERIFY2(csv.find("/p/a.jpg,\"'@SUM(A1)\",") != std::string::npos, csv.c_str());
        QVERIFY2(csv.find("/p/a.jpg,\"'\tx\",") != std::string::npos, csv.c_str());
        QVERIFY2(csv.find("/p/a.jpg,\"plain, with comma\",") != std::string::npos, csv.c_str());
    }

    void sidecarIsCreatedAndMergedKeepingOtherProperties() {
        const auto photo = path("album/photo.jpg");
        test::writePhoto(photo, 1);
        const auto photoBytes = readText(photo);
        auto first = mergeSidecarKeywords(photo, {"beach", "sunset"});
        QVERIFY(first.created);
        QCOMPARE(first.sidecar, path("album/photo.jpg.xmp"));
        QCOMPARE(first.added, 2);
        QCOMPARE(readSidecarKeywords(first.sidecar), (std::vector<std::string>{"beach", "sunset"}));
        const auto xml = QString::fromStdString(readText(first.sidecar));
        QVERIFY2(xml.contains("dc:subject") && xml.contains("digiKam:TagsList") && xml.contains("rdf:Bag") &&
                     xml.contains("http://www.digikam.org/ns/1.0/"),
                 qPrintable(xml));
        QCOMPARE(readText(photo), photoBytes);  // the photo itself is never touched

        // A sidecar another tool wrote: its keywords, rating and hierarchy are kept.
        const auto other = path("album/other.jpg");
        test::writePhoto(other, 2);
        writeText(sidecarPath(other), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
            " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
            "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
            "    xmlns:digiKam=\"http://www.digikam.org/ns/1.0/\" xmp:Rating=\"4\">\n"
            "   <dc:subject><rdf:Bag><rdf:li>Holiday</rdf:li></rdf:Bag></dc:subject>\n"
            "   <digiKam:TagsList><rdf:Seq><rdf:li>Events/Holiday</rdf:li></rdf:Seq></digiKam:TagsList>\n"
            "  </rdf:Description>\n"
            " </rdf:RDF>\n"
            "</x:xmpmeta>\n");
        const auto merged = mergeSidecarKeywords(other, {"beach", "Holiday"});
        QVERIFY(!merged.created);
        QCOMPARE(merged.added, 1);
        QCOMPARE(readSidecarKeywords(merged.sidecar), (std::vector<std::string>{"Holiday", "beach"}));
        const auto mergedXml = QString::fromStdString(readText(merged.sidecar));
        QVERIFY2(mergedXml.contains("Rating") && mergedXml.contains("Events/Holiday"), qPrintable(mergedXml));
        // Nothing new: the file is not rewritten.
        const auto before = readText(merged.sidecar);
        QCOMPARE(mergeSidecarKeywords(other, {"beach"}).added, 0);
        QCOMPARE(readText(merged.sidecar), before);
        // Import reads photo.jpg.xmp and Lightroom's photo.xmp.
        writeText(lightroomSidecarPath(other), "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:subject><rdf:Bag><rdf:li>Lightroom keyword</rdf:li></rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>");
        std::vector<std::string> problems;
        QCOMPARE(importSidecarKeywords(other, problems),
                 (std::vector<std::string>{"Holiday", "beach", "Lightroom keyword"}));
        QVERIFY(problems.empty());
    }

    void malformedSidecarIsLeftUntouchedAndReported() {
        const auto photo = path("bad/photo.jpg");
        test::writePhoto(photo, 3);
        for (const std::string broken : {std::string("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><unclosed"),
                                         std::string("just some text, not XML")}) {
            writeText(sidecarPath(photo), broken);
            QString message;
            try {
                mergeSidecarKeywords(photo, {"beach"});
            } catch (const XmpSidecarError& e) {
                message = e.what();
            }
            QVERIFY2(message.contains(QString::fromStdString(sidecarPath(photo).string())) &&
                         message.contains("malformed XMP sidecar") && message.contains("left untouched"),
                     qPrintable(message));
            QCOMPARE(readText(sidecarPath(photo)), broken);
            std::vector<std::string> problems;
            QVERIFY(importSidecarKeywords(photo, problems).empty());
            QCOMPARE(problems.size(), std::size_t{1});
        }
    }

    // A folder the user may not write to: the sidecar write fails with the sidecar's name and
    // nothing is created. As root, permissions do not apply, so the write runs in a child
    // process that has become 'nobody'.
    void readOnlyFolderReportsTheSidecar() {
        const auto dir = path("readonly");
        test::writePhoto(dir / "photo.jpg", 4);
        ::chmod(tmp_.path().toLocal8Bit().constData(), 0755);
        ::chmod(dir.c_str(), 0555);
        const auto attempt = [&]() -> QString {
            try {
                mergeSidecarKeywords(dir / "photo.jpg", {"beach"});
            } catch (const XmpSidecarError& e) {
                return QString::fromStdString(e.what());
            }
            return "<written>";
        };
        QString message;
        if (::geteuid() != 0) {
            message = attempt();
        } else {
            int fds[2];
            QVERIFY(::pipe(fds) == 0);
            const pid_t child = ::fork();
            if (child == 0) {
                ::close(fds[0]);
                if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(99);
                const auto text = attempt().toStdString();
                if (::write(fds[1], text.data(), text.size()) < 0) ::_exit(98);
                ::_exit(0);
            }
            ::close(fds[1]);
            std::string text;
            char buf[512];
            for (ssize_t got; (got = ::read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(got));
            ::close(fds[0]);
            int status = 0;
            ::waitpid(child, &status, 0);
            QCOMPARE(WEXITSTATUS(status), 0);
            message = QString::fromStdString(text);
        }
        ::chmod(dir.c_str(), 0755);
        QVERIFY2(message.contains(QString::fromStdString((dir / "photo.jpg.xmp").string()) + ": cannot write sidecar"),
                 qPrintable(message));
        QVERIFY(!fs::exists(dir / "photo.jpg.xmp"));
    }

    void labelEncodingReportsProgressAndStopsWhenCancelled() {
        CLIPDESK_REQUIRE_SHARED(test::bpeVocabPath());
        test::writeTinyModel(path("progress-model"), 11);
        test::useSharedBpeVocabulary();
        auto embedder = ClipEmbedder::open(path("progress-model").string());
        const auto library = filledLibrary(path("progress"), normalised(torch::randn({4, embedder->config().embedDim})));
        std::vector<std::string> names;
        for (int i = 0; i < 40; ++i) names.push_back("thing " + std::to_string(i));
        const auto vocabulary = makeLabelVocabulary("forty", names);
        const auto templates = loadTemplateSet("single");
        // Stop after the first group of 16: it stays cached, nothing after it is encoded.
        std::vector<std::int64_t> heard;
        bool cancelled = false;
        JobControl* self = nullptr;
        JobControl stopAfterFirstGroup([&](const JobProgress& p) {
            if (p.stage != JobStage::EncodingLabels || p.total != 40) return;
            heard.push_back(p.done);
            if (p.done >= 16) self->cancel();
        });
        self = &stopAfterFirstGroup;
        try {
            labelEmbeddingsFor(*library, *embedder, vocabulary, templates, &stopAfterFirstGroup);
        } catch (const JobCancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(heard, (std::vector<std::int64_t>{0, 16}));
        heard.clear();
        const JobControl listenToAll([&](const JobProgress& p) {
            if (p.total == 24) heard.push_back(p.done);
        });
        const auto result = labelEmbeddingsFor(*library, *embedder, vocabulary, templates, &listenToAll);
        const int encoded = result.encoded;
        const auto& labels = result.rows;
        QCOMPARE(encoded, 24);
        QCOMPARE(heard, (std::vector<std::int64_t>{0, 16, 24}));
        QCOMPARE(labels.size(0), int64_t{40});
        // Encoded in groups or all at once, a label's embedding is the same.
        const auto direct = encodeLabels(*embedder, vocabulary.labels, templates).labels;
        QVERIFY(torch::allclose(labels, direct, 1e-4, 1e-5));
    }

    // The label cache is bounded: a store past the bound removes the least recently used rows
    // (a tagging run's cache hits count as used) down to 3/4 of the bound, so a 100k-label run
    // cannot grow it for good.
    void labelCacheKeepsTheMostRecentlyUsedWithinItsBound() {
        constexpr int dim = 8;
        const auto library = filledLibrary(path("lru"), normalised(torch::randn({4, dim})));
        TagStore& store = library->tags();
        const auto model = library->database().currentModelId();
        const std::int64_t rowBytes = dim * sizeof(float);
        store.setLabelCacheLimitBytes(3 * rowBytes);
        const std::vector<float> row(dim, 0.5f);
        for (const char* label : {"A", "B", "C"}) store.storeLabelEmbeddings(model, "set", {label}, row.data(), dim);
        store.touchLabelEmbeddings(model, "set", {"A"});
        store.storeLabelEmbeddings(model, "set", {"D"}, row.data(), dim);
        const auto cachedOf = [&](const std::vector<std::string>& labels) {
            std::string present;
            const auto cached = store.cachedLabelEmbeddings(model, "set", labels);
            for (std::size_t i = 0; i < labels.size(); ++i)
                if (cached[i]) present += labels[i];
            return present;
        };
        QCOMPARE(cachedOf({"A", "B", "C", "D"}), std::string("AD"));  // B, then C: the oldest
        std::vector<std::string> many;
        std::vector<float> rows;
        for (int i = 0; i < 10; ++i) {
            many.push_back("label " + std::to_string(i));
            rows.insert(rows.end(), row.begin(), row.end());
        }
        store.storeLabelEmbeddings(model, "set", many, rows.data(), dim);
        LibraryDatabase check(libraryFiles(path("lru")).database, false);
        auto& db = check.connection();
        QCOMPARE(db.queryInt("SELECT count(*) FROM label_embeddings"), std::int64_t{2});
        QCOMPARE(db.queryInt("SELECT sum(length(vector)) FROM label_embeddings"), 2 * rowBytes);
        QCOMPARE(cachedOf({"A", "D", "label 8", "label 9"}), std::string("label 8label 9"));
    }

    void thresholdPreviewCountsAndApplyWritesExactlyThePassingPhotos() {
        torch::manual_seed(5);
        const auto library = filledLibrary(path("threshold"), normalised(torch::randn({30, 8})));
        const LibraryDatabase& db = library->database();
        const auto label = normalised(torch::randn({8}));
        const auto scores = scoreLabelOverLibrary(db, label, {});
        QCOMPARE(scores.size(), std::size_t{30});
        for (std::size_t i = 1; i < scores.size(); ++i) QVERIFY(scores[i].cosine <= scores[i - 1].cosine);
        // The cosine is the dot product with the stored embedding.
        const auto stored = db.embedding(scores[0].photoId);
        float dot = 0;
        for (int i = 0; i < 8; ++i) dot += stored[static_cast<std::size_t>(i)] * label[i].item<float>();
        QVERIFY(std::abs(dot - scores[0].cosine) < 1e-5f);
        // The scope: only /lib/a (15 photos).
        QCOMPARE(scoreLabelOverLibrary(db, label, {"/lib/a"}).size(), std::size_t{15});
        // Counts fall as the cut-off rises.
        std::size_t previous = scores.size() + 1;
        for (float t = -1.0f; t <= 1.0f; t += 0.1f) {
            const auto n = countAtLeast(scores, t);
            QVERIFY(n <= previous);
            previous = n;
        }
        QCOMPARE(countAtLeast(scores, -1.01f), std::size_t{30});
        QCOMPARE(countAtLeast(scores, 1.01f), std::size_t{0});
        const float threshold = scores[9].cosine;  // ten photos pass (cosines are distinct)
        QCOMPARE(countAtLeast(scores, threshold), std::size_t{10});

        TagStore& store = library->tags();
        store.decideAll({scores[0].photoId}, "sky", TagDecision::Rejected);  // the user said no
        const auto summary = applyLabelThreshold(*library, "sky", "single:x", scores, threshold);
        QCOMPARE(summary.written, std::int64_t{9});
        QCOMPARE(summary.kept, std::int64_t{1});
        auto rows = store.tagsUnder("", true);
        QCOMPARE(rows.size(), std::size_t{10});
        for (const auto& r : rows) {
            QCOMPARE(QString::fromStdString(r.tag), QString("sky"));
            if (r.photoId == scores[0].photoId) QVERIFY(r.decision == TagDecision::Rejected);
            else QVERIFY(r.source == TagSource::ZeroShot && r.decision == TagDecision::None);
        }
        // A higher cut-off replaces the automatic rows: five pass, the rejected row stays.
        applyLabelThreshold(*library, "sky", "single:x", scores, scores[4].cosine);
        rows = store.tagsUnder("", true);
        QCOMPARE(rows.size(), std::size_t{5});
        QCOMPARE(store.tagsUnder("", false).size(), std::size_t{4});
        // The search filter's queries leave the rejected photo out.
        const auto withSky = store.photosWithTag("sky");
        QCOMPARE(withSky.size(), std::size_t{4});
        QVERIFY(std::find(withSky.begin(), withSky.end(), scores[0].photoId) == withSky.end());
        QCOMPARE(store.tagNames(), (std::vector<std::string>{"sky"}));
        store.decideAll({scores[1].photoId}, "cloud", TagDecision::Rejected);
        QCOMPARE(store.tagNames(), (std::vector<std::string>{"sky"}));
    }
};

QTEST_GUILESS_MAIN(TestTagging)
#include "test_tagging.moc"
