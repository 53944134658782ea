// Chinese-CLIP end to end against Chinese-CLIP's own code: the same seeded weights as its
// training writes them (torch.save, "module." names, fp16) and under Hugging Face's
// ChineseCLIPModel names, with the token ids and embeddings its tokenize(), encode_text and
// encode_image gave (tests/core/model/goldens/README.md). Texts go through Clipdesk's
// WordPiece tokenizer, photos through its decoder and straight resize. With
// CLIPDESK_CN_CLIP_GOLDEN_DIR and CLIPDESK_CN_CLIP_GOLDEN_PRESET=base the same checks run on
// the real-size golden (ViT-B/16 + RoBERTa-wwm-ext-base, made by the same generator).

#include "shared_data.h"
#include "temporary_dir.h"
#include "unit_test.h"

#include "clip/clip_embedder.h"
#include "clip/weights/checkpoint_error.h"
#include "clip/weights/safetensors.h"

#include <nlohmann/json.hpp>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace clipdesk;
using namespace clipdesk::test;
namespace fs = std::filesystem;

namespace {

std::string goldenDir() {
    if (const char* dir = std::getenv("CLIPDESK_CN_CLIP_GOLDEN_DIR"); dir && *dir) return dir;
    return std::string(CLIPDESK_SOURCE_DIR) + "/tests/core/model/goldens";
}
std::string preset() {
    if (const char* p = std::getenv("CLIPDESK_CN_CLIP_GOLDEN_PRESET"); p && *p) return p;
    return "tiny";
}
std::string goldenFile(const std::string& suffix) { return goldenDir() + "/chinese_clip_" + preset() + suffix; }

double minCosine(const torch::Tensor& a, const torch::Tensor& b) {
    return torch::cosine_similarity(a.to(torch::kDouble), b.to(torch::kDouble), 1).min().item<double>();
}

std::vector<std::string> jsonStrings(const std::string& text) {
    return nlohmann::json::parse(text).get<std::vector<std::string>>();
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

}  // namespace

class TestChineseClip : public QObject {
    Q_OBJECT
    std::unique_ptr<SafetensorsFile> golden_;

    torch::Tensor goldenTensor(const std::string& name) { return golden_->read(name); }

    // Every check of one checkpoint layout against the reference's outputs.
    void checkAgainstReference(const std::string& modelPath) {
        EmbedderOptions options;
        options.threads = 2;
        auto embedder = ClipEmbedder::open(modelPath, options);
        const auto& config = embedder->config();
        QCOMPARE(config.text.kind, TextTowerKind::Bert);
        QCOMPARE(config.text.contextLength, 52);
        QCOMPARE(config.preprocess.resize, ResizeRule::Stretch);
        QVERIFY(config.understands("zh"));

        const auto texts = jsonStrings(golden_->metadata().at("texts"));
        const auto ids = embedder->tokenIds(texts);
        QVERIFY(torch::equal(ids, goldenTensor("token_ids")));

        const double text = minCosine(embedder->embedTexts(texts), goldenTensor("text_features"));
        const double pixels = minCosine(embedder->embedPixels(goldenTensor("pixels")), goldenTensor("image_features"));
        qInfo("%s: min cosine to Chinese-CLIP: texts %.7f, pixels %.7f", modelPath.c_str(), text, pixels);
        QVERIFY2(text >= 0.9999, std::to_string(text).c_str());
        QVERIFY2(pixels >= 0.9999, std::to_string(pixels).c_str());
        // The logit scale is carried over too (stored in fp16: log(1/0.07) to 3 decimals).
        QVERIFY(std::abs(std::log(embedder->logitScale()) - std::log(1.0 / 0.07)) < 2e-3);

        if (!fs::exists(samplePhotosDir())) {
            qInfo("reference photos not found in %s: image files not compared", samplePhotosDir().c_str());
            return;
        }
        std::vector<std::string> photos;
        for (const auto& name : jsonStrings(golden_->metadata().at("photos")))
            photos.push_back((samplePhotosDir() / name).string());
        std::vector<torch::Tensor> rows;
        for (auto& r : embedder->embedImageFiles(photos)) {
            QVERIFY2(r.error.empty(), r.error.c_str());
            rows.push_back(r.embedding);
        }
        const double files = minCosine(torch::stack(rows), goldenTensor("photo_features"));
        qInfo("image files: min cosine %.7f", files);
        QVERIFY2(files >= 0.9999, std::to_string(files).c_str());
    }

private Q_SLOTS:
    void initTestCase() { golden_ = std::make_unique<SafetensorsFile>(goldenFile("_golden.safetensors")); }

    void chineseClipCheckpointMatchesTheReference() { checkAgainstReference(goldenFile(".pt")); }

    void huggingFaceFolderMatchesTheReference() { checkAgainstReference(goldenFile("_hf")); }

    // transformers' other file: a torch.save'd plain state_dict.
    void huggingFacePytorchModelBinIsReadToo() {
        TemporaryDir dir;
        SafetensorsFile hf(goldenFile("_hf/model.safetensors"));
        c10::Dict<std::string, torch::Tensor> state;
        for (const auto& [name, entry] : hf.entries()) state.insert(name, hf.read(name));
        const auto bytes = torch::jit::pickle_save(state);
        std::ofstream(fs::path(dir.path()) / "pytorch_model.bin", std::ios::binary)
            .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        fs::copy_file(goldenFile("_hf/config.json"), fs::path(dir.path()) / "config.json");
        auto embedder = ClipEmbedder::open(dir.path());
        QCOMPARE(embedder->checkpoint().format, CheckpointFormat::TorchSave);
        const auto texts = jsonStrings(golden_->metadata().at("texts"));
        QVERIFY(minCosine(embedder->embedTexts(texts), goldenTensor("text_features")) >= 0.9999);
    }

    void checkpointCarriesNoConfigurationSoShapesTellIt() {
        CheckpointInfo info;
        auto loaded = loadClipModel(goldenFile(".pt"), std::nullopt);
        QCOMPARE(loaded.info.format, CheckpointFormat::TorchSave);
        QVERIFY(loaded.info.configInferred);
        QCOMPARE(loaded.info.storageDtype, std::string("Half"));
        QCOMPARE(loaded.config.text.vocabSize, 21128);
        QCOMPARE(loaded.config.text.heads, std::max(1, loaded.config.text.width / 64));
        // The pooler the reference never uses was in the file and is not a parameter.
        for (const auto& p : loaded.model->named_parameters()) QVERIFY(p.key().find("pooler") == std::string::npos);
    }

    void savedModelReadsBackWithItsConfiguration() {
        TemporaryDir dir;
        auto loaded = loadClipModel(goldenFile(".pt"), std::nullopt);
        const auto weights = fs::path(dir.path()) / "model.safetensors";
        saveClipModelWeights(loaded.model, weights.string());
        std::ofstream(fs::path(dir.path()) / "config.json") << loaded.config.toJson();
        const auto config = ClipConfig::fromJsonFile((fs::path(dir.path()) / "config.json").string());
        QCOMPARE(config.text.kind, TextTowerKind::Bert);
        QCOMPARE(config.preprocess.resize, ResizeRule::Stretch);
        auto again = loadClipModel(weights.string(), config);
        torch::NoGradGuard noGrad;
        const auto ids = goldenTensor("token_ids");
        QVERIFY(torch::allclose(again.model->encodeText(ids), loaded.model->encodeText(ids), 1e-5, 1e-6));
    }

    void foreignPickledClassIsRefusedNotRun() {
        const auto path = goldenDir() + "/foreign_class.pt";
        if (!fs::exists(path)) QSKIP("foreign_class.pt exists beside the tiny golden only");
        const auto error = errorOf([&] { loadClipModel(path, std::nullopt); });
        QVERIFY2(error.rfind(path + ": not a readable torch.save checkpoint", 0) == 0, error.c_str());
        QVERIFY(error.find('\n') == std::string::npos);
    }

    void missingOrMisshapedTensorNamesTheFileAndTheTensor() {
        TemporaryDir dir;
        auto checkpoint = torch::jit::pickle_load([&] {
            std::ifstream in(goldenFile(".pt"), std::ios::binary);
            return std::vector<char>(std::istreambuf_iterator<char>(in), {});
        }());
        auto state = checkpoint.toGenericDict().at("state_dict").toGenericDict();
        const std::string key = "module.bert.encoder.layer.0.attention.self.query.weight";
        const auto query = state.at(key).toTensor();

        const auto write = [&](const std::string& name) {
            const auto bytes = torch::jit::pickle_save(checkpoint);
            const auto path = (fs::path(dir.path()) / name).string();
            std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            return path;
        };
        state.insert_or_assign(key, query.narrow(0, 0, query.size(0) - 1).clone());
        const auto misshaped = write("misshaped.pt");
        state.erase(key);
        const auto missing = write("missing.pt");
        state.insert_or_assign(key, query);
        state.insert_or_assign("module.bert.encoder.layer.0.attention.self.query.extra", query);
        const auto unexpected = write("unexpected.pt");

        QString error = QString::fromStdString(errorOf([&] { loadClipModel(misshaped, std::nullopt); }));
        QVERIFY2(error.startsWith(QString::fromStdString(misshaped + ": tensor 'bert.encoder.layer.0.attention.self.query.weight' has shape")),
                 qPrintable(error));
        error = QString::fromStdString(errorOf([&] { loadClipModel(missing, std::nullopt); }));
        QVERIFY2(error.startsWith(QString::fromStdString(missing + ": missing tensor 'bert.encoder.layer.0.attention.self.query.weight'")),
                 qPrintable(error));
        error = QString::fromStdString(errorOf([&] { loadClipModel(unexpected, std::nullopt); }));
        QVERIFY2(error.contains("unexpected tensor(s) 'bert.encoder.layer.0.attention.self.query.extra'"), qPrintable(error));
    }

    void vocabularyThatIsNotWordPieceIsRefused() {
        TemporaryDir dir;
        fs::copy_file(goldenFile(".pt"), fs::path(dir.path()) / "model.pt");
        std::ofstream(fs::path(dir.path()) / "vocab.txt") << "#version: 0.2\nt h\nth e\n";
        const auto error = errorOf([&] { ClipEmbedder::open((fs::path(dir.path()) / "model.pt").string()); });
        QVERIFY2(error.rfind((fs::path(dir.path()) / "vocab.txt").string() + ":1: not a WordPiece vocabulary", 0) == 0, error.c_str());
    }

    void configNamingAnUnknownTextTowerIsRefused() {
        const auto error = errorOf([] {
            ClipConfig::fromJsonText(R"({"embed_dim": 8, "vision": {"image_size": 32, "patch_size": 16, "width": 64,
                "layers": 1, "heads": 1}, "text": {"kind": "gpt2", "context_length": 8, "vocab_size": 10, "width": 64,
                "layers": 1, "heads": 1}})", "conf.json");
        });
        QVERIFY2(error.rfind("conf.json: unknown text tower 'gpt2'", 0) == 0, error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestChineseClip)
#include "test_chinese_clip.moc"
