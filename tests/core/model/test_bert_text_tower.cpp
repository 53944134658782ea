// Chinese-CLIP's BERT text tower against Chinese-CLIP's own code: seeded weights and the
// features it computed (tests/core/model/goldens/README.md), loaded by name, strictly. The
// shapes come from the file's metadata, so CLIPDESK_BERT_GOLDEN=FILE runs the same checks on
// a real-size golden (RoBERTa-wwm-ext-base shapes, made by the same generator, not committed).

#include "unit_test.h"

#include "clip/model/bert_text_tower.h"
#include "clip/weights/safetensors.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstdlib>
#include <memory>

using namespace clipdesk;

namespace {

std::string goldenPath() {
    if (const char* path = std::getenv("CLIPDESK_BERT_GOLDEN")) return path;
    return std::string(CLIPDESK_SOURCE_DIR) + "/tests/core/model/goldens/chinese_clip_bert_small.safetensors";
}

// The generator's "config" metadata: {"vocab", "width", "layers", "heads", "mlp", "embed", "positions"}.
std::pair<BertConfig, int> configOf(const SafetensorsFile& file) {
    const auto shapes = nlohmann::json::parse(file.metadata().at("config"));
    BertConfig c;
    c.vocabSize = shapes.at("vocab");
    c.width = shapes.at("width");
    c.layers = shapes.at("layers");
    c.heads = shapes.at("heads");
    c.mlpWidth = shapes.at("mlp");
    c.maxPositions = shapes.at("positions");
    return {c, shapes.at("embed").get<int>()};
}

}  // namespace

class TestBertTextTower : public QObject {
    Q_OBJECT
    std::unique_ptr<SafetensorsFile> file_;
    BertTextTower tower_{nullptr};
    int layers_ = 0;

private Q_SLOTS:
    void initTestCase() {
        torch::NoGradGuard noGrad;
        file_ = std::make_unique<SafetensorsFile>(goldenPath());
        const auto [config, embedDim] = configOf(*file_);
        tower_ = BertTextTower(config, embedDim);
        layers_ = config.layers;
        tower_->eval();
        int loaded = 0;
        for (auto& item : tower_->named_parameters()) {
            const std::string& name = item.key();
            torch::Tensor& parameter = item.value();
            QVERIFY2(file_->contains(name), name.c_str());
            const auto stored = file_->read(name, torch::kFloat);
            QVERIFY2(stored.sizes() == parameter.sizes(), name.c_str());
            parameter.copy_(stored);
            ++loaded;
        }
        // Everything else in the file is the pooler (unused) or the golden tensors.
        for (const auto& [name, entry] : file_->entries()) {
            const bool known = tower_->named_parameters().find(name) != nullptr || name.rfind("bert.pooler.", 0) == 0 ||
                               name.rfind("golden.", 0) == 0;
            QVERIFY2(known, name.c_str());
        }
        QCOMPARE(loaded, layers_ * 16 + 5 + 1);  // 16 per layer, 3 embeddings + LayerNorm's 2, text_projection
    }

    void featuresMatchChineseClip() {
        torch::NoGradGuard noGrad;
        const auto ids = file_->read("golden.token_ids", torch::kLong);
        const auto expected = file_->read("golden.features", torch::kFloat);
        const auto got = tower_(ids);
        QVERIFY(got.sizes() == expected.sizes());
        const double worst = (got - expected).abs().max().item<double>();
        qInfo("max abs diff %.3g over %lld features (|feature| up to %.3g)", worst, static_cast<long long>(got.numel()),
              expected.abs().max().item<double>());
        QVERIFY2(worst < 1e-5, test::text("max abs diff ", worst).c_str());
    }

    void paddingIsMaskedOut() {
        torch::NoGradGuard noGrad;
        // Rows 1-3 end within 20 tokens: fewer padding tokens must not change their features.
        const auto ids = file_->read("golden.token_ids", torch::kLong);
        const auto expected = file_->read("golden.features", torch::kFloat);
        const auto shorter = tower_(ids.slice(0, 1, 4).slice(1, 0, 20).contiguous());
        QVERIFY((shorter - expected.slice(0, 1, 4)).abs().max().item<double>() < 1e-5);
        // ... while a real token does.
        auto changed = ids.clone();
        changed[1][5] = 250;
        QVERIFY((tower_(changed)[1] - expected[1]).abs().max().item<double>() > 1e-3);
    }
};

QTEST_GUILESS_MAIN(TestBertTextTower)
#include "test_bert_text_tower.moc"
