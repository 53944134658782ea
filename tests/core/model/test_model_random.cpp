// A small randomly initialised CLIP: shapes, normalisation, the causal mask, batch
// independence, a forward and backward pass, and a save/load round trip.

#include "temporary_dir.h"
#include "tiny_config.h"
#include "unit_test.h"

#include "clip/model/clip_model.h"
#include "clip/weights/checkpoint_loader.h"

#include <torch/torch.h>

using namespace clipdesk;

class TestModelRandom : public QObject {
    Q_OBJECT

    static torch::Tensor tokens(const ClipConfig& c, int batch) {
        auto ids = torch::randint(1, c.text.sotId, {batch, c.text.contextLength}, torch::kLong);
        for (int b = 0; b < batch; ++b) {
            const int eot = 3 + b % 5;
            ids[b][0] = c.text.sotId;
            ids[b][eot] = c.text.eotId;
            ids[b].slice(0, eot + 1).zero_();
        }
        return ids;
    }

private Q_SLOTS:
    void init() { torch::manual_seed(7); }

    void embeddingsAreNormalisedWithTheRightShape() {
        const auto c = test::tinyClipConfig();
        ClipModel model(c);
        torch::NoGradGuard noGrad;
        const auto img = model->embedImage(torch::randn({3, 3, 32, 32}));
        const auto txt = model->embedText(tokens(c, 5));
        QCOMPARE(img.sizes().vec(), (std::vector<int64_t>{3, 16}));
        QCOMPARE(txt.sizes().vec(), (std::vector<int64_t>{5, 16}));
        QVERIFY(torch::allclose(img.norm(2, 1), torch::ones({3}), 1e-5, 1e-5));
        QVERIFY(torch::allclose(txt.norm(2, 1), torch::ones({5}), 1e-5, 1e-5));
        QVERIFY(std::abs(model->logit_scale.item<double>() - std::log(1 / 0.07)) < 1e-6);
    }

    void tokensAfterTheEndTokenDoNotMatter() {
        const auto c = test::tinyClipConfig();
        ClipModel model(c);
        torch::NoGradGuard noGrad;
        auto ids = tokens(c, 1);
        const auto a = model->encodeText(ids);
        ids[0].slice(0, 8).fill_(5);  // eot is at 3: later positions only
        const auto b = model->encodeText(ids);
        QVERIFY(torch::allclose(a, b, 1e-6, 1e-6));
        ids[0][1] = 9;  // a position before eot does change the result
        QVERIFY(!torch::allclose(a, model->encodeText(ids), 1e-4, 1e-4));
    }

    void batchItemsAreIndependent() {
        const auto c = test::tinyClipConfig();
        ClipModel model(c);
        torch::NoGradGuard noGrad;
        const auto pixels = torch::randn({4, 3, 32, 32});
        const auto batched = model->encodeImage(pixels);
        const auto single = model->encodeImage(pixels.slice(0, 2, 3));
        QVERIFY(torch::allclose(batched[2], single[0], 1e-5, 1e-5));
    }

    void textBatchItemsOfDifferentLengthsAreIndependent() {
        const auto c = test::tinyClipConfig();
        ClipModel model(c);
        torch::NoGradGuard noGrad;
        const auto ids = tokens(c, 5);  // end tokens at positions 3..7
        const auto batched = model->encodeText(ids);
        for (int i = 0; i < 5; ++i)
            QVERIFY(torch::allclose(batched[i], model->encodeText(ids.slice(0, i, i + 1))[0], 1e-5, 1e-6));
    }

    void forwardAndBackward() {
        const auto c = test::tinyClipConfig();
        ClipModel model(c);
        const auto img = model->embedImage(torch::randn({4, 3, 32, 32}));
        const auto txt = model->embedText(tokens(c, 4));
        const auto logits = model->logitsPerImage(img, txt);
        const auto labels = torch::arange(4);
        const auto loss = (torch::nn::functional::cross_entropy(logits, labels) +
                           torch::nn::functional::cross_entropy(logits.t(), labels)) / 2;
        QVERIFY(std::isfinite(loss.item<double>()));
        loss.backward();
        for (const auto& p : model->named_parameters()) {
            QVERIFY2(p.value().grad().defined(), p.key().c_str());
            QVERIFY2(torch::isfinite(p.value().grad()).all().item<bool>(), p.key().c_str());
        }
        // Gradients reach both towers' first layers and the temperature.
        QVERIFY(model->visual->conv1->weight.grad().abs().sum().item<double>() > 0);
        QVERIFY(model->text->token_embedding->weight.grad().abs().sum().item<double>() > 0);
        QVERIFY(model->logit_scale.grad().abs().item<double>() > 0);
    }

    void saveAndLoadGiveIdenticalEmbeddings() {
        const auto c = test::tinyClipConfig();
        ClipModel model(c);
        test::TemporaryDir dir;
        const auto path = dir.filePath("tiny.safetensors");
        saveClipModelWeights(model, path);
        auto loaded = loadClipModel(path, c);
        torch::NoGradGuard noGrad;
        model->eval();
        const auto pixels = torch::randn({2, 3, 32, 32});
        const auto ids = tokens(c, 2);
        QVERIFY(torch::equal(model->embedImage(pixels), loaded.model->embedImage(pixels)));
        QVERIFY(torch::equal(model->embedText(ids), loaded.model->embedText(ids)));
        QCOMPARE(loaded.info.naming, CheckpointNaming::OpenAI);
    }
};

QTEST_GUILESS_MAIN(TestModelRandom)
#include "test_model_random.moc"
