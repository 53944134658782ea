// The model catalogue and its downloader: the shipped catalogue parses and pins every file;
// malformed catalogues are reported with file:line; mirror URLs; downloads from a local file
// mirror of the synthetic model install a verified folder; a truncated .part is resumed to the
// same bytes; cancelling keeps the .part; a corrupted mirror file is refused without touching
// the installed copy; and an HTTP server on 127.0.0.1 resumes with Range (or, when it ignores
// ranges, the download starts over).

#include "catalogue/catalogue_location.h"
#include "catalogue/file_download.h"
#include "catalogue/mirror_url.h"
#include "catalogue/model_catalogue.h"
#include "catalogue/model_installer.h"
#include "catalogue/model_store.h"
#include "catalogue_mirror.h"
#include "base/sha256.h"
#include "shared_data.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

using namespace clipdesk;
namespace fs = std::filesystem;

namespace {

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no error)";
}

void copyPrefix(const fs::path& from, const fs::path& to, std::uint64_t bytes) {
    fs::create_directories(to.parent_path());
    std::ifstream in(from, std::ios::binary);
    std::vector<char> buffer(bytes);
    in.read(buffer.data(), static_cast<std::streamsize>(bytes));
    std::ofstream(to, std::ios::binary).write(buffer.data(), static_cast<std::streamsize>(bytes));
}

#define REQUIRE_MIRROR_DATA()                                                       \
    do {                                                                            \
        for (const auto& source : clipdesk::test::testMirrorSources()) CLIPDESK_REQUIRE_SHARED(source); \
    } while (false)

}  // namespace

class TestCatalogue : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;

    test::TestMirror mirror() { return test::makeTestMirror(fs::path(tmp_.path().toStdString()) / "src"); }
    ModelStore store(const char* name) { return ModelStore(fs::path(tmp_.path().toStdString()) / name); }
    static const CatalogueEntry& openaiEntry(const ModelCatalogue& c) { return c.at("synthetic-openai"); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(tmp_.isValid()); }

    void shippedCatalogueParsesAndPinsEveryFile() {
        const auto catalogue = loadCatalogue(fs::path(CLIPDESK_SOURCE_DIR) / "models/catalogue.json");
        QVERIFY(catalogue.entries.size() >= 4);
        const QRegularExpression hex("^[0-9a-f]{64}$");
        for (const auto& e : catalogue.entries) {
            QVERIFY(!e.files.empty());
            for (const auto& f : e.files) {
                QVERIFY2(hex.match(QString::fromStdString(f.sha256)).hasMatch(), f.sha256.c_str());
                QVERIFY2(f.url.rfind("https://", 0) == 0, f.url.c_str());
            }
        }
        // OpenAI's download URLs carry the file's SHA-256 as their folder name.
        const auto& b32 = catalogue.at("openai-vit-b-32");
        QCOMPARE(b32.layout, std::string("openai-torchscript"));
        QCOMPARE(b32.files.at(0).path, std::string("ViT-B-32.pt"));
        QCOMPARE(b32.files.at(0).sha256, std::string("40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af"));
        for (const auto& e : catalogue.entries)
            if (e.layout == "openai-torchscript")
                QVERIFY2(e.files.at(0).url.find("/" + e.files.at(0).sha256 + "/") != std::string::npos, e.id.c_str());
        // The vocabulary's pin is that of the reference copy, and its size what public sources say.
        const auto& vocab = b32.files.at(1);
        QCOMPARE(vocab.path, std::string("bpe_simple_vocab_16e6.txt.gz"));
        QCOMPARE(vocab.size.value_or(0), std::uint64_t(1356917));
        CLIPDESK_REQUIRE_SHARED(test::bpeVocabPath());
        QCOMPARE(vocab.sha256, sha256FileHex(test::bpeVocabPath().string()));
        QCOMPARE(fs::file_size(test::bpeVocabPath()), std::uint64_t(1356917));
    }

    void chineseClipEntriesPinWhatHuggingFacePublishes() {
        const auto catalogue = loadCatalogue(fs::path(CLIPDESK_SOURCE_DIR) / "models/catalogue.json");
        // The Git LFS pointers of each checkpoint's upload commit on huggingface.co (oid = SHA-256, size in bytes).
        struct Pinned {
            const char* id;
            const char* repo;
            const char* commit;
            const char* file;
            std::uint64_t size;
            const char* sha256;
        };
        const std::vector<Pinned> pinned = {
            {"chinese-clip-vit-b-16", "OFA-Sys/chinese-clip-vit-base-patch16", "386ceb94f3f773fe2e16bb5883d5d1702b647def",
             "clip_cn_vit-b-16.pt", 753196934, "5997ef32c50de18f3ac06eb5d746c324a639053c3bed8f2986f97ebb22b2ecde"},
            {"chinese-clip-vit-l-14", "OFA-Sys/chinese-clip-vit-large-patch14", "629554b18a565f17d8178514157991e5d5877c49",
             "clip_cn_vit-l-14.pt", 1625135766, "26a0d4ac248fcea33e8c1e32c22a80def0fe9b1770b429129dfcc04bcd978d28"},
            {"chinese-clip-vit-l-14-336", "OFA-Sys/chinese-clip-vit-large-patch14-336px",
             "f45aa8ecae462f08c707f8e835cf42bad65cf6bb", "clip_cn_vit-l-14-336.pt", 1626446358,
             "53b9a3141f14b2e87366b0857ce78ac1c4c99e028d4d3d832ca8107deae0775b"},
            {"chinese-clip-vit-h-14", "OFA-Sys/chinese-clip-vit-huge-patch14", "f785db338a4e610ff35df430edda159ec0af2405",
             "clip_cn_vit-h-14.pt", 3830716726, "4549b1a9775db38806dfa398e8e97be4e27299b84b71250d8d2ef0472e708aee"},
        };
        const auto bundledVocab = fs::path(CLIPDESK_SOURCE_DIR) / "models/chinese-clip-vocab/vocab.txt";
        for (const auto& p : pinned) {
            const auto& e = catalogue.at(p.id);
            QCOMPARE(e.layout, std::string("cn-clip"));
            QCOMPARE(e.languages, std::vector<std::string>{"zh"});
            QVERIFY2(e.licence.find("Apache-2.0") != std::string::npos, e.licence.c_str());
            QVERIFY2(e.hashSource.find(p.commit) != std::string::npos, e.hashSource.c_str());
            QCOMPARE(e.files.size(), std::size_t{2});
            const auto& weights = e.files[0];
            QCOMPARE(weights.path, std::string(p.file));
            QCOMPARE(weights.url, "https://huggingface.co/" + std::string(p.repo) + "/resolve/" + p.commit + "/" + p.file);
            QCOMPARE(weights.size.value_or(0), p.size);
            QCOMPARE(weights.sha256, std::string(p.sha256));
            // The WordPiece vocabulary beside the weights: pinned to the copy Clipdesk bundles.
            const auto& vocab = e.files[1];
            QCOMPARE(vocab.path, std::string("vocab.txt"));
            QCOMPARE(vocab.sha256, sha256FileHex(bundledVocab.string()));
            QCOMPARE(vocab.size.value_or(0), std::uint64_t(fs::file_size(bundledVocab)));
        }
        // Every other model reads English queries through CLIP's BPE tokenizer.
        for (const auto& e : catalogue.entries)
            if (e.layout != "cn-clip") QCOMPARE(e.languages, std::vector<std::string>{"en"});
        // Without the field an entry is English (catalogues written before there were languages).
        const auto old = parseCatalogue("{\"format\": 1, \"models\": [{\"id\": \"m\", \"name\": \"M\", \"description\": "
                                        "\"d\", \"licence\": \"MIT\", \"layout\": \"open_clip\", \"hash_source\": \"s\", "
                                        "\"files\": [{\"url\": \"https://h/x\", \"path\": \"m.pt\", \"sha256\": \"" +
                                            std::string(64, 'a') + "\"}]}]}",
                                        "old.json");
        QCOMPARE(old.entries.at(0).languages, std::vector<std::string>{"en"});
    }

    void defaultCatalogueIsFoundAndEnvironmentOverrides() {
        QVERIFY(qunsetenv("CLIPDESK_MODEL_CATALOGUE"));
        QCOMPARE(defaultCatalogueFile().filename().string(), std::string("catalogue.json"));
        qputenv("CLIPDESK_MODEL_CATALOGUE", QByteArray("/nonexistent/catalogue.json"));
        QVERIFY(errorOf([] { defaultCatalogueFile(); }).find("/nonexistent/catalogue.json") != std::string::npos);
        qunsetenv("CLIPDESK_MODEL_CATALOGUE");
    }

    void malformedCatalogueNamesFileLineAndField_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const QString entryHead = "{\"format\": 1, \"models\": [\n"
                                  "  {\"id\": \"m\", \"name\": \"M\", \"description\": \"d\", \"licence\": \"MIT\",\n"
                                  "   \"layout\": \"open_clip\", \"hash_source\": \"s\",\n"
                                  "   \"files\": [\n";
        const QString goodFile = "     {\"url\": \"https://h/x\", \"path\": \"model.safetensors\", \"size\": 3,\n"
                                 "      \"sha256\": \"" + QString(64, 'a') + "\"}";
        QTest::newRow("syntax") << "{\"format\": 1,\n \"models\": [\n  {\"id\": \"m\",,}\n]}" << "cat.json:3: malformed JSON";
        QTest::newRow("missing sha256")
            << entryHead + "     {\"url\": \"https://h/x\",\n      \"path\": \"m.pt\"}\n]}]}"
            << "cat.json:5: missing field \"sha256\"";
        QTest::newRow("bad sha256") << entryHead + goodFile + ",\n     {\"url\": \"https://h/y\", \"path\": \"b\",\n      \"sha256\": \"ABC\"}\n]}]}"
                                    << "cat.json:8: field \"sha256\" must be 64 lower-case hex digits";
        QTest::newRow("unsafe path") << entryHead + "     {\"url\": \"https://h/x\", \"path\": \"../evil\", \"sha256\": \"" +
                                            QString(64, 'a') + "\"}\n]}]}"
                                     << "cat.json:5: field \"path\" must be a relative path";
        QTest::newRow("missing name") << "{\"format\": 1, \"models\": [\n\n  {\"id\": \"m\", \"files\": []}]}"
                                      << "cat.json:3: missing field \"name\"";
        QTest::newRow("bad layout") << QString(entryHead).replace("open_clip", "onnx") + goodFile + "]}]}"
                                    << "cat.json:3: field \"layout\" must be";
        QTest::newRow("no models") << "{\"format\": 1}" << "cat.json:1: missing field \"models\"";
        QTest::newRow("languages not an array")
            << QString(entryHead).replace("\"hash_source\"", "\"languages\": \"zh\", \"hash_source\"") + goodFile + "]}]}"
            << "cat.json:3: field \"languages\" must be a non-empty array of language tags such as [\"en\"] or [\"zh\"]";
        QTest::newRow("no languages")
            << QString(entryHead).replace("\"hash_source\"", "\"languages\": [], \"hash_source\"") + goodFile + "]}]}"
            << "cat.json:3: field \"languages\" must be a non-empty array";
        QTest::newRow("not a language tag")
            << QString(entryHead).replace("\"hash_source\"", "\"languages\": [\"zh\", \"Chinese\"], \"hash_source\"") +
                   goodFile + "]}]}"
            << "cat.json:3: field \"languages\" must be a non-empty array of language tags such as [\"en\"] or "
               "[\"zh\"], not \"Chinese\"";
    }

    void malformedCatalogueNamesFileLineAndField() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const std::string message = errorOf([&] { parseCatalogue(text.toStdString(), "cat.json"); });
        QVERIFY2(message.rfind(expected.toStdString(), 0) == 0, message.c_str());
    }

    void mirrorMapsHostAndPath() {
        const std::string url = "https://openaipublic.azureedge.net/clip/models/abc/ViT-B-32.pt";
        QCOMPARE(mirroredUrl(url, ""), url);
        QCOMPARE(mirroredUrl(url, "file:///srv/clip/"),
                 std::string("file:///srv/clip/openaipublic.azureedge.net/clip/models/abc/ViT-B-32.pt"));
        QCOMPARE(mirroredUrl("https://user@h.example:8443/a/b?x=1", "http://m.lan"), std::string("http://m.lan/h.example:8443/a/b?x=1"));
        QVERIFY(errorOf([] { mirroredUrl("no-scheme", "http://m"); }) != "(no error)");
    }

    void downloadInstallsAVerifiedFolder() {
        REQUIRE_MIRROR_DATA();
        const auto m = mirror();
        const auto catalogue = loadCatalogue(m.catalogue);
        const auto s = store("install");
        QVERIFY(!s.isInstalled(openaiEntry(catalogue)));
        std::uint64_t lastDone = 0, lastTotal = 0;
        int calls = 0;
        const JobControl control([&](const JobProgress& p) {
            [&] { QVERIFY(p.done >= 0 && std::uint64_t(p.done) >= lastDone); }();
            lastDone = std::uint64_t(p.done);
            lastTotal = std::uint64_t(p.total);
            ++calls;
        });
        const auto r = installModel(openaiEntry(catalogue), s, InstallOptions{m.base, 0}, control);
        const std::uint64_t total = m.openaiFiles[0].size + m.openaiFiles[1].size;
        QVERIFY(!r.cancelled);
        QCOMPARE(r.dir.string(), s.modelDir("synthetic-openai").string());
        QCOMPARE(r.bytesTransferred, total);
        QCOMPARE(r.bytes, total);
        QCOMPARE(lastTotal, total);
        QCOMPARE(lastDone, total);
        QVERIFY(calls > 1);
        for (const auto& f : m.openaiFiles) QCOMPARE(sha256FileHex((r.dir / f.name).string()), f.sha256);
        QVERIFY(!fs::exists(s.stagingDir("synthetic-openai")));
        QVERIFY(s.isInstalled(openaiEntry(catalogue)));
        for (const auto& c : s.verify(openaiEntry(catalogue))) QVERIFY2(c.ok, c.path.c_str());
        // What the loader needs: one .pt and the vocabulary beside it (loaded for real in test_cli_models).
        QVERIFY(fs::is_regular_file(r.dir / "openai-jit.pt"));
        QVERIFY(fs::is_regular_file(r.dir / "bpe_simple_vocab_16e6.txt.gz"));
    }

    void truncatedPartIsResumedToTheSameBytes() {
        REQUIRE_MIRROR_DATA();
        const auto m = mirror();
        const auto catalogue = loadCatalogue(m.catalogue);
        const auto s = store("resume");
        const std::uint64_t kept = 10'000'000;
        copyPrefix(m.weights().source, partFileOf(s.stagingDir("synthetic-openai") / "openai-jit.pt"), kept);
        const auto r = installModel(openaiEntry(catalogue), s, InstallOptions{m.base, 0}, JobControl());
        QCOMPARE(r.bytesResumed, kept);
        QCOMPARE(r.bytesTransferred, m.openaiFiles[0].size - kept + m.openaiFiles[1].size);
        QCOMPARE(sha256FileHex((r.dir / "openai-jit.pt").string()), m.weights().sha256);
    }

    void cancelKeepsThePartForTheNextRun() {
        REQUIRE_MIRROR_DATA();
        const auto m = mirror();
        const auto catalogue = loadCatalogue(m.catalogue);
        const auto s = store("cancel");
        JobControl* self = nullptr;
        JobControl stopAt3MB([&](const JobProgress& p) {
            if (p.done >= 3'000'000) self->cancel();
        });
        self = &stopAt3MB;
        const auto r = installModel(openaiEntry(catalogue), s, InstallOptions{m.base, 20'000'000}, stopAt3MB);
        QVERIFY(r.cancelled);
        const auto part = partFileOf(s.stagingDir("synthetic-openai") / "openai-jit.pt");
        QVERIFY(fs::is_regular_file(part));
        const auto partSize = fs::file_size(part);
        QVERIFY2(partSize >= 3'000'000 && partSize < m.weights().size, std::to_string(partSize).c_str());
        QVERIFY(!fs::exists(s.modelDir("synthetic-openai")));

        const auto again = installModel(openaiEntry(catalogue), s, InstallOptions{m.base, 0}, JobControl());
        QVERIFY(!again.cancelled);
        QCOMPARE(again.bytesResumed, partSize);
        QCOMPARE(sha256FileHex((again.dir / "openai-jit.pt").string()), m.weights().sha256);
    }

    void corruptedMirrorFileIsRefusedAndTheInstalledCopyKept() {
        REQUIRE_MIRROR_DATA();
        const auto m = mirror();
        const auto catalogue = loadCatalogue(m.catalogue);
        const auto s = store("corrupt");
        installModel(openaiEntry(catalogue), s, InstallOptions{m.base, 0}, JobControl());
        test::corruptFile(m.weights().mirrored);
        const std::string actual = sha256FileHex(m.weights().mirrored.string());
        const std::string message = errorOf([&] { installModel(openaiEntry(catalogue), s, InstallOptions{m.base, 0}, JobControl()); });
        QVERIFY2(message.find("openai-jit.pt: SHA-256 mismatch: expected " + m.weights().sha256 + ", got " + actual) == 0,
                 message.c_str());
        QVERIFY(!fs::exists(partFileOf(s.stagingDir("synthetic-openai") / "openai-jit.pt")));
        for (const auto& c : s.verify(openaiEntry(catalogue))) QVERIFY2(c.ok, c.path.c_str());  // earlier copy intact

        const auto fresh = store("corrupt-fresh");
        QVERIFY(errorOf([&] { installModel(openaiEntry(catalogue), fresh, InstallOptions{m.base, 0}, JobControl()); })
                    .find("SHA-256 mismatch") != std::string::npos);
        QVERIFY(!fs::exists(fresh.modelDir("synthetic-openai")));
    }

    void wrongSizeIsRefused() {
        REQUIRE_MIRROR_DATA();
        const auto m = mirror();
        auto catalogue = loadCatalogue(m.catalogue);
        auto entry = openaiEntry(catalogue);
        entry.files[1].size = *entry.files[1].size - 1;  // the mirror's file is one byte longer than pinned
        const auto s = store("size");
        const std::string message = errorOf([&] { installModel(entry, s, InstallOptions{m.base, 0}, JobControl()); });
        QVERIFY2(message.find("bpe_simple_vocab_16e6.txt.gz: the server sent more than the expected") == 0, message.c_str());
        QVERIFY(!fs::exists(s.modelDir("synthetic-openai")));
    }

    // An endless source (file:///dev/zero: no size announced) and one that announces too much
    // are both cut off at the cap for a file whose size is not pinned, and their .part deleted.
    void unpinnedDownloadIsCappedWhileStreaming_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("expected");
        QTest::newRow("endless") << "/dev/zero" << "the server sent more than the 65536-byte limit";
        // refused from the announced size, or cut off while streaming where curl announces none
        QTest::newRow("too large") << "big.bin" << "more than the 65536-byte limit for a file whose size is not pinned";
    }

    void unpinnedDownloadIsCappedWhileStreaming() {
        QFETCH(QString, source);
        QFETCH(QString, expected);
        fs::path from = source.toStdString();
        if (source == "big.bin") {
            from = fs::path(tmp_.path().toStdString()) / "big.bin";
            std::ofstream(from, std::ios::binary) << std::string(200'000, 'x');
        }
        DownloadRequest request;
        request.url = "file://" + from.string();
        request.target = fs::path(tmp_.path().toStdString()) / ("capped-" + source.toStdString().substr(source.lastIndexOf('/') + 1));
        request.sha256 = std::string(64, '0');
        request.maxUnpinnedBytes = 65536;
        const std::string message = errorOf([&] { downloadFile(request, {}); });
        QVERIFY2(message.rfind(request.target.filename().string() + ": ", 0) == 0 &&
                     message.find(expected.toStdString()) != std::string::npos,
                 message.c_str());
        QVERIFY(!fs::exists(partFileOf(request.target)));
        QVERIFY(!fs::exists(request.target));
    }

    void httpServerResumesWithRange_data() {
        QTest::addColumn<bool>("honourRange");
        QTest::newRow("Range honoured") << true;
        QTest::newRow("Range ignored") << false;
    }

    void httpServerResumesWithRange() {
        QFETCH(bool, honourRange);
        REQUIRE_MIRROR_DATA();
        if (QString(CLIPDESK_PYTHON3).isEmpty()) QSKIP("python3 not found at configure time: no local HTTP server");
        const auto m = mirror();
        QProcess server;
        QStringList args{CLIPDESK_RANGE_SERVER, QString::fromStdString((fs::path(tmp_.path().toStdString()) / "src/mirror").string()),
                         "--lifetime", "120"};
        if (!honourRange) args << "--no-range";
        server.start(CLIPDESK_PYTHON3, args);
        QVERIFY(server.waitForStarted(10000));
        QVERIFY(server.waitForReadyRead(10000));
        const int port = server.readLine().trimmed().toInt();
        QVERIFY(port > 0);
        const auto catalogue = loadCatalogue(m.catalogue);
        const auto s = store(honourRange ? "http-range" : "http-norange");
        const std::uint64_t kept = 5'000'000;
        copyPrefix(m.weights().source, partFileOf(s.stagingDir("synthetic-openai") / "openai-jit.pt"), kept);
        const auto r = installModel(openaiEntry(catalogue), s, InstallOptions{"http://127.0.0.1:" + std::to_string(port), 0}, JobControl());
        server.terminate();
        server.waitForFinished(10000);
        const std::uint64_t total = m.openaiFiles[0].size + m.openaiFiles[1].size;
        QCOMPARE(r.bytesResumed, honourRange ? kept : 0);
        QCOMPARE(r.bytesTransferred, honourRange ? total - kept : total);
        QCOMPARE(sha256FileHex((r.dir / "openai-jit.pt").string()), m.weights().sha256);
    }

    void httpErrorNamesTheFile() {
        REQUIRE_MIRROR_DATA();
        if (QString(CLIPDESK_PYTHON3).isEmpty()) QSKIP("python3 not found at configure time: no local HTTP server");
        const auto m = mirror();
        QProcess server;
        server.start(CLIPDESK_PYTHON3, {CLIPDESK_RANGE_SERVER, tmp_.filePath("empty-root"), "--lifetime", "60"});
        QVERIFY(server.waitForStarted(10000));
        QVERIFY(server.waitForReadyRead(10000));
        const int port = server.readLine().trimmed().toInt();
        const auto catalogue = loadCatalogue(m.catalogue);
        const std::string message = errorOf([&] {
            installModel(openaiEntry(catalogue), store("http-404"), InstallOptions{"http://127.0.0.1:" + std::to_string(port), 0}, JobControl());
        });
        server.terminate();
        server.waitForFinished(10000);
        QVERIFY2(message.find("openai-jit.pt: download from http://127.0.0.1:") == 0 && message.find("404") != std::string::npos,
                 message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCatalogue)
#include "test_catalogue.moc"
