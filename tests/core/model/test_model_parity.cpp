// Both towers against the golden embeddings of OpenAI's reference code, from the exact
// input tensors, for each of the three weight formats (and for an architecture inferred
// from tensor shapes alone).

#include "golden.h"

#include "clip/model/clip_config.h"
#include "clip/model/torch_compat.h"
#include "clip/weights/checkpoint_loader.h"

#include "unit_test.h"

using namespace clipdesk;
using namespace clipdesk::test;

class TestModelParity : public QObject {
    Q_OBJECT

private:
    void checkModel(LoadedClipModel& loaded) {
        torch::NoGradGuard noGrad;
        const auto golden = readGoldenJson();
        const auto images = loaded.model->embedImage(readGoldenTensor("pixel_values"));
        const auto texts = loaded.model->embedText(readGoldenTensor("input_ids"));
        const auto imageCos = rowCosine(images, readGoldenTensor("image_embeds"));
        const auto textCos = rowCosine(texts, readGoldenTensor("text_embeds"));
        qInfo("min cosine: images %.8f, texts %.8f; max abs diff: images %.3g, texts %.3g",
              imageCos.min().item<double>(), textCos.min().item<double>(),
              (images - readGoldenTensor("image_embeds")).abs().max().item<double>(),
              (texts - readGoldenTensor("text_embeds")).abs().max().item<double>());
        QVERIFY(imageCos.min().item<double>() >= 0.9999);
        QVERIFY(textCos.min().item<double>() >= 0.9999);
        QVERIFY((images - readGoldenTensor("image_embeds")).abs().max().item<double>() < 1e-4);
        QVERIFY((texts - readGoldenTensor("text_embeds")).abs().max().item<double>() < 1e-4);
        // The golden embeddings in golden.json agree with the tensors too.
        QVERIFY(rowCosine(texts, goldenEmbeddings(golden["texts"])).min().item<double>() >= 0.9999);
        QCOMPARE(loaded.model->logit_scale.item<float>(), golden["logit_scale_log"].get<float>());
        const auto logits = loaded.model->logitsPerImage(images, loaded.model->embedText(readGoldenTensor("input_ids")));
        QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{4, 7}));
    }

private Q_SLOTS:
    void initTestCase() {
        qInfo("attention: %s", torch_compat::attentionPath());
        CLIPDESK_REQUIRE_SHARED(syntheticModelDir() / "golden.json");
    }

    void openAiSafetensors() {
        auto config = ClipConfig::fromJsonFile((syntheticModelDir() / "config.json").string());
        auto loaded = loadClipModel((syntheticModelDir() / "model.safetensors").string(), config);
        QCOMPARE(loaded.info.format, CheckpointFormat::Safetensors);
        QCOMPARE(loaded.info.naming, CheckpointNaming::OpenAI);
        QCOMPARE(loaded.info.storageDtype, std::string("Half"));
        checkModel(loaded);
    }

    void huggingFaceSafetensors() {
        auto config = ClipConfig::fromJsonFile((syntheticModelDir() / "hf/config.json").string());
        QCOMPARE(config.vision.layers, 10);
        QCOMPARE(config.text.layers, 3);
        QCOMPARE(config.activation, Activation::QuickGelu);
        auto loaded = loadClipModel((syntheticModelDir() / "hf/model.safetensors").string(), config);
        QCOMPARE(loaded.info.naming, CheckpointNaming::HuggingFace);
        checkModel(loaded);
    }

    void openAiTorchScript() {
        auto config = ClipConfig::fromJsonFile((syntheticModelDir() / "config.json").string());
        auto loaded = loadClipModel((syntheticModelDir() / "openai-jit.pt").string(), config);
        QCOMPARE(loaded.info.format, CheckpointFormat::TorchScript);
        checkModel(loaded);
    }

    void architectureInferredFromShapes() {
        auto loaded = loadClipModel((syntheticModelDir() / "openai-jit.pt").string(), std::nullopt);
        QVERIFY(loaded.info.configInferred);
        QCOMPARE(loaded.config.vision.patchSize, 16);
        QCOMPARE(loaded.config.vision.imageSize, 224);
        QCOMPARE(loaded.config.vision.width, 256);
        QCOMPARE(loaded.config.vision.heads, 4);
        QCOMPARE(loaded.config.text.layers, 3);
        QCOMPARE(loaded.config.embedDim, 512);
        checkModel(loaded);
    }
};

QTEST_GUILESS_MAIN(TestModelParity)
#include "test_model_parity.moc"
