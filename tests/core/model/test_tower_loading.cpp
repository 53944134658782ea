// Loading one tower reads only that tower's bytes. The safetensors reader tells an observer
// of every tensor it materialises; these tests assert on what was read (names and byte
// ranges against the file's own table), for OpenAI and Hugging Face names, fp16 and fp32
// storage, and check that the loaded tower embeds exactly as the full model does.

#include "golden.h"
#include "temporary_dir.h"
#include "unit_test.h"

#include "clip/model/clip_config.h"
#include "clip/weights/checkpoint_error.h"
#include "clip/weights/checkpoint_loader.h"
#include "clip/weights/safetensors.h"

#include <algorithm>
#include <limits>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

using namespace clipdesk;
using namespace clipdesk::test;

namespace {

struct Reads {
    std::vector<TensorRead> all;
    TensorReadObserver observer() {
        return [this](const TensorRead& r) { all.push_back(r); };
    }
    std::set<std::string> names() const {
        std::set<std::string> out;
        for (const auto& r : all) out.insert(r.name);
        return out;
    }
};

bool startsWithAny(const std::string& s, std::initializer_list<const char*> prefixes) {
    for (const char* p : prefixes)
        if (s.rfind(p, 0) == 0) return true;
    return false;
}

// The file's tensors whose stored names start with one of `prefixes`, and their byte ranges
// (file offsets, as the observer reports them).
std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> rangesOf(const std::string& file,
                                                                       std::initializer_list<const char*> prefixes) {
    SafetensorsFile f(file);
    const std::uint64_t dataStart = f.dataStart();
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> out;
    for (const auto& [name, e] : f.entries())
        if (startsWithAny(name, prefixes)) out[name] = {dataStart + e.begin, dataStart + e.end};
    return out;
}

bool overlaps(const TensorRead& r, const std::pair<std::uint64_t, std::uint64_t>& range) {
    return r.begin < range.second && range.first < r.end;
}

template <typename F>
bool throwsLogicError(F encode) {
    try {
        encode();
    } catch (const std::logic_error&) {
        return true;
    }
    return false;
}

CheckpointLoadOptions loadOptions(ModelTowers towers, Reads& reads) {
    CheckpointLoadOptions options;
    options.towers = towers;
    options.inference = true;
    options.onRead = reads.observer();
    return options;
}

}  // namespace

class TestTowerLoading : public QObject {
    Q_OBJECT

    TemporaryDir dir_;
    std::string fp32File_;  // the synthetic model stored in float32 (OpenAI names)

    static std::string openAiFile() { return (syntheticModelDir() / "model.safetensors").string(); }
    static ClipConfig config() { return ClipConfig::fromJsonFile((syntheticModelDir() / "config.json").string()); }

    // Every byte read belongs to a tensor of the wanted tower (or logit_scale); none overlaps
    // the other tower's bytes; every tensor of the wanted tower was read once.
    void checkReads(const Reads& reads, const std::string& file, std::initializer_list<const char*> wanted,
                    std::initializer_list<const char*> unwanted) {
        const auto wantedRanges = rangesOf(file, wanted);
        const auto unwantedRanges = rangesOf(file, unwanted);
        QVERIFY(!wantedRanges.empty());
        QVERIFY(!unwantedRanges.empty());
        for (const auto& r : reads.all) {
            QVERIFY2(!startsWithAny(r.name, unwanted), text("read a tensor of the other tower: ", r.name).c_str());
            for (const auto& [name, range] : unwantedRanges)
                QVERIFY2(!overlaps(r, range), text(r.name, " overlaps ", name).c_str());
        }
        const auto names = reads.names();
        QCOMPARE(reads.all.size(), names.size());  // each tensor read once
        for (const auto& [name, range] : wantedRanges) {
            QVERIFY2(names.count(name), text("not read: ", name).c_str());
            const auto it = std::find_if(reads.all.begin(), reads.all.end(), [&](const TensorRead& r) { return r.name == name; });
            QCOMPARE(it->begin, range.first);
            QCOMPARE(it->end, range.second);
        }
        QCOMPARE(names.size(), wantedRanges.size() + (names.count("logit_scale") ? 1u : 0u));
    }

private Q_SLOTS:
    void initTestCase() {
        CLIPDESK_REQUIRE_SHARED(syntheticModelDir() / "golden.json");
        QVERIFY(dir_.isValid());
        auto full = loadClipModel(openAiFile(), config());
        fp32File_ = dir_.filePath("fp32.safetensors");
        saveClipModelWeights(full.model, fp32File_);
    }

    void textOnlyLoadReadsNoImageTowerBytes() {
        Reads reads;
        auto text = loadClipModel(openAiFile(), config(), loadOptions(ModelTowers::textOnly(), reads));
        checkReads(reads, openAiFile(), {"token_embedding.", "positional_embedding", "transformer.", "ln_final.",
                                         "text_projection"},
                   {"visual."});
        QVERIFY(text.model->visual.is_empty());
        QVERIFY(!text.model->text.is_empty());
        for (const auto& p : text.model->named_parameters()) QVERIFY2(p.key().rfind("visual.", 0) != 0, p.key().c_str());

        torch::NoGradGuard noGrad;
        auto full = loadClipModel(openAiFile(), config());
        const auto ids = readGoldenTensor("input_ids");
        QCOMPARE((text.model->embedText(ids) - full.model->embedText(ids)).abs().max().item<double>(), 0.0);
        QVERIFY(rowCosine(text.model->embedText(ids), readGoldenTensor("text_embeds")).min().item<double>() >= 0.9999);
        QVERIFY(throwsLogicError([&] { text.model->embedImage(readGoldenTensor("pixel_values")); }));
    }

    void imageOnlyLoadReadsNoTextTowerBytes() {
        Reads reads;
        auto image = loadClipModel(openAiFile(), config(), loadOptions(ModelTowers::imageOnly(), reads));
        checkReads(reads, openAiFile(), {"visual."},
                   {"token_embedding.", "positional_embedding", "transformer.", "ln_final.", "text_projection"});
        QVERIFY(image.model->text.is_empty());

        torch::NoGradGuard noGrad;
        auto full = loadClipModel(openAiFile(), config());
        const auto pixels = readGoldenTensor("pixel_values");
        QCOMPARE((image.model->embedImage(pixels) - full.model->embedImage(pixels)).abs().max().item<double>(), 0.0);
        QVERIFY(throwsLogicError([&] { image.model->embedText(readGoldenTensor("input_ids")); }));
    }

    void huggingFaceNamesTextOnly() {
        const auto file = (syntheticModelDir() / "hf/model.safetensors").string();
        const auto hfConfig = ClipConfig::fromJsonFile((syntheticModelDir() / "hf/config.json").string());
        Reads reads;
        auto text = loadClipModel(file, hfConfig, loadOptions(ModelTowers::textOnly(), reads));
        checkReads(reads, file, {"text_model.", "text_projection."}, {"vision_model.", "visual_projection."});
        torch::NoGradGuard noGrad;
        QVERIFY(rowCosine(text.model->embedText(readGoldenTensor("input_ids")), readGoldenTensor("text_embeds"))
                    .min()
                    .item<double>() >= 0.9999);
    }

    // Without a configuration file the architecture comes from the shapes of both towers,
    // which the file's header gives without reading the other tower.
    void inferredArchitectureTextOnly() {
        Reads reads;
        auto text = loadClipModel(openAiFile(), std::nullopt, loadOptions(ModelTowers::textOnly(), reads));
        QVERIFY(text.info.configInferred);
        QCOMPARE(text.config.vision.layers, config().vision.layers);
        QCOMPARE(text.config.vision.imageSize, config().vision.imageSize);
        for (const auto& r : reads.all) QVERIFY2(r.name.rfind("visual.", 0) != 0, r.name.c_str());
    }

    // Float32 tensors become the parameters without a copy (views of the mapped file);
    // fp16 ones are read and converted once, except the token table, only ever looked up.
    void float32IsMappedHalfIsConverted() {
        Reads fp32Reads;
        auto mapped = loadClipModel(fp32File_, config(), loadOptions(ModelTowers::textOnly(), fp32Reads));
        QVERIFY(!fp32Reads.all.empty());
        for (const auto& r : fp32Reads.all) QVERIFY2(r.mapped, r.name.c_str());
        for (const auto& p : mapped.model->named_parameters()) QCOMPARE(p.value().scalar_type(), torch::kFloat);

        Reads halfReads;
        auto converted = loadClipModel(openAiFile(), config(), loadOptions(ModelTowers::textOnly(), halfReads));
        for (const auto& r : halfReads.all) QCOMPARE(r.mapped, r.name == "token_embedding.weight");
        for (const auto& p : converted.model->named_parameters())
            QCOMPARE(p.value().scalar_type(), p.key() == "text.token_embedding.weight" ? torch::kHalf : torch::kFloat);

        torch::NoGradGuard noGrad;
        const auto ids = readGoldenTensor("input_ids");
        // The fp32 file holds the fp16 values exactly, so both give the same embeddings.
        QCOMPARE((mapped.model->embedText(ids) - converted.model->embedText(ids)).abs().max().item<double>(), 0.0);
    }

    // A CPU inference load (LinearWeightForm::StoredHalf) keeps the text tower's linear weights in their
    // stored fp16, as views of the mapped file: half the bytes of float32. Everything else
    // becomes float32 (the token table stays fp16), and a query's embedding is the same as
    // from the all-float32 load of the same values.
    void cpuInferenceKeepsTextLinearWeightsInHalf() {
        Reads reads;
        auto options = loadOptions(ModelTowers::textOnly(), reads);
        options.textLinearWeights = LinearWeightForm::StoredHalf;
        auto half = loadClipModel(openAiFile(), config(), options);
        QVERIFY(!reads.all.empty());
        for (const auto& r : reads.all) QVERIFY2(r.mapped == (r.name != "logit_scale"), r.name.c_str());  // shared: float32
        std::int64_t halfBytes = 0, linearWeights = 0;
        for (const auto& p : half.model->named_parameters()) {
            const auto& name = p.key();
            const bool linear = name.size() > 7 && (name.compare(name.size() - 7, 7, ".weight") == 0 ||
                                                    name.find("in_proj_weight") != std::string::npos) &&
                                (name.find(".attn.") != std::string::npos || name.find(".mlp.") != std::string::npos);
            const bool halfExpected = linear || name == "text.token_embedding.weight";
            QVERIFY2(p.value().scalar_type() == (halfExpected ? torch::kHalf : torch::kFloat), name.c_str());
            if (linear) {
                ++linearWeights;
                QCOMPARE(p.value().dim(), 2L);
                QCOMPARE(static_cast<std::int64_t>(p.value().nbytes()), p.value().numel() * 2);
            }
            if (p.value().scalar_type() == torch::kHalf) halfBytes += static_cast<std::int64_t>(p.value().nbytes());
        }
        // 4 per block: attention in_proj, out_proj, MLP c_fc, c_proj
        QCOMPARE(linearWeights, 4L * config().text.layers);
        QVERIFY(halfBytes > 0);

        Reads floatReads;
        auto converted = loadClipModel(openAiFile(), config(), loadOptions(ModelTowers::textOnly(), floatReads));
        torch::NoGradGuard noGrad;
        const auto ids = readGoldenTensor("input_ids");
        QCOMPARE((half.model->embedText(ids) - converted.model->embedText(ids)).abs().max().item<double>(), 0.0);
        for (int row = 0; row < ids.size(0); ++row) {  // one query at a time: skinnyGemm on the fp16 rows
            const auto one = ids.narrow(0, row, 1);
            QCOMPARE((half.model->embedText(one) - converted.model->embedText(one)).abs().max().item<double>(), 0.0);
        }

        // Training loads (no inference) ignore the option: float32 throughout.
        Reads trainingReads;
        auto training = loadOptions(ModelTowers::both(), trainingReads);
        training.inference = false;
        training.textLinearWeights = LinearWeightForm::StoredHalf;
        for (const auto& p : loadClipModel(openAiFile(), config(), training).model->named_parameters())
            QVERIFY2(p.value().scalar_type() == torch::kFloat, p.key().c_str());
    }

    // A NaN in a text weight kept in fp16 is refused like any other.
    void nanInHalfTextWeightIsRefused() {
        auto full = loadClipModel(fp32File_, config());
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        for (const auto& p : full.model->named_parameters()) {
            auto t = p.value().detach().to(torch::kHalf).clone();
            if (p.key() == "text.transformer.resblocks.0.mlp.c_fc.weight") t[2][7] = std::numeric_limits<float>::infinity();
            tensors.emplace_back(p.key() == "logit_scale" || p.key().rfind("visual.", 0) == 0 ? p.key() : p.key().substr(5), t);
        }
        const auto file = dir_.filePath("inf-weight.safetensors");
        writeSafetensors(file, tensors);
        Reads reads;
        auto options = loadOptions(ModelTowers::textOnly(), reads);
        options.textLinearWeights = LinearWeightForm::StoredHalf;
        try {
            loadClipModel(file, config(), options);
            QFAIL("an infinity in a text weight was not refused");
        } catch (const CheckpointError& e) {
            QVERIFY2(std::string(e.what()).find("tensor 'transformer.resblocks.0.mlp.c_fc.weight' holds NaN") !=
                         std::string::npos,
                     e.what());
        }
    }

    // The reader's own fp16/bf16 conversion gives LibTorch's values bit for bit, specials included.
    void conversionMatchesLibTorch() {
        auto values = torch::randn({100003}) * 30;
        const float specials[] = {0.0f, -0.0f, 65504.0f, 6e-8f, 1e-5f, -2.5f, 1e30f};
        for (int i = 0; i < 7; ++i) values[i] = specials[i];
        const auto file = dir_.filePath("halves.safetensors");
        writeSafetensors(file, {{"half", values.to(torch::kHalf)}, {"bf16", values.to(torch::kBFloat16)}});
        SafetensorsFile f(file);
        for (const auto& [name, dtype] : {std::pair<const char*, torch::ScalarType>{"half", torch::kHalf},
                                          {"bf16", torch::kBFloat16}}) {
            const auto expected = values.to(dtype).to(torch::kFloat);
            const auto read = f.read(name, torch::kFloat);
            QCOMPARE(read.scalar_type(), torch::kFloat);
            QVERIFY2(torch::equal(read, expected), name);
        }
    }

    // A NaN in a tensor left mapped as stored (the token table) is found through the file.
    void nanInStoredTableIsRefused() {
        auto full = loadClipModel(fp32File_, config());
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        for (const auto& p : full.model->named_parameters()) {
            auto t = p.value().detach().to(torch::kHalf).clone();
            if (p.key() == "text.token_embedding.weight") t[3][5] = std::numeric_limits<float>::quiet_NaN();
            tensors.emplace_back(p.key() == "logit_scale" || p.key().rfind("visual.", 0) == 0 ? p.key() : p.key().substr(5), t);
        }
        const auto file = dir_.filePath("nan-table.safetensors");
        writeSafetensors(file, tensors);
        Reads reads;
        try {
            loadClipModel(file, config(), loadOptions(ModelTowers::textOnly(), reads));
            QFAIL("a NaN in the token table was not refused");
        } catch (const CheckpointError& e) {
            QVERIFY2(std::string(e.what()).find("tensor 'token_embedding.weight' holds NaN") != std::string::npos, e.what());
        }
    }

    // Training loads keep every parameter in float32, the token table included.
    void trainingLoadIsFloat32() {
        auto loaded = loadClipModel(openAiFile(), config());
        for (const auto& p : loaded.model->named_parameters()) QCOMPARE(p.value().scalar_type(), torch::kFloat);
    }

    // A mapped parameter can be changed in place without changing the file.
    void writingAMappedParameterLeavesTheFile() {
        auto loaded = loadClipModel(fp32File_, config());
        const auto before = SafetensorsFile(fp32File_).read("logit_scale").clone();
        {
            torch::NoGradGuard noGrad;
            loaded.model->logit_scale.add_(1.0);
        }
        QCOMPARE(SafetensorsFile(fp32File_).read("logit_scale").item<float>(), before.item<float>());
        QCOMPARE(loaded.model->logit_scale.item<float>(), before.item<float>() + 1.0f);
    }
};

QTEST_GUILESS_MAIN(TestTowerLoading)
#include "test_tower_loading.moc"
