// Every kind of unusable weights or configuration file gives one CheckpointError /
// ConfigError whose message names the file and, where it applies, the tensor.

#include "shared_data.h"
#include "temporary_dir.h"
#include "tiny_config.h"
#include "unit_test.h"

#include "clip/weights/checkpoint_error.h"
#include "clip/weights/checkpoint_loader.h"
#include "clip/weights/checkpoint_names.h"
#include "clip/weights/safetensors.h"

#include <sys/stat.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <initializer_list>

using namespace clipdesk;

class TestCheckpointErrors : public QObject {
    Q_OBJECT

    test::TemporaryDir dir_;
    std::vector<std::pair<std::string, torch::Tensor>> good_;

    std::string path(const char* name) const { return dir_.filePath(name); }

    static void writeBytes(const std::string& p, const std::string& bytes) {
        std::ofstream(p, std::ios::binary) << bytes;
    }

    static std::string readBytes(const std::string& p) {
        std::ifstream in(p, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }

    // Loading `file` fails with a message that contains every fragment, on one line.
    template <typename Error = CheckpointError>
    static void expectError(const std::string& file, std::initializer_list<const char*> fragments,
                            const std::optional<ClipConfig>& config = test::tinyClipConfig()) {
        try {
            loadClipModel(file, config);
        } catch (const Error& e) {
            const std::string message = e.what();
            QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
            QVERIFY2(message.find(file) != std::string::npos, message.c_str());
            for (const char* f : fragments) QVERIFY2(message.find(f) != std::string::npos, message.c_str());
            return;
        }
        QFAIL(("no error for " + file).c_str());
    }

    void writeWith(const std::string& p, const std::function<void(std::vector<std::pair<std::string, torch::Tensor>>&)>& edit) {
        auto tensors = good_;
        edit(tensors);
        writeSafetensors(p, tensors);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        ClipModel model(test::tinyClipConfig());
        saveClipModelWeights(model, path("good.safetensors"));
        SafetensorsFile file(path("good.safetensors"));
        for (const auto& [name, e] : file.entries()) good_.emplace_back(name, file.read(name));
        loadClipModel(path("good.safetensors"), test::tinyClipConfig());  // the unmodified file loads
    }

    void missingFile() { expectError(path("absent.safetensors"), {"not found"}); }

    void emptyFile() {
        writeBytes(path("empty.safetensors"), "");
        expectError(path("empty.safetensors"), {"empty"});
    }

    void fileOfAnotherKind() {
        writeBytes(path("notes.safetensors"), "these are my holiday notes, not weights\n");
        expectError(path("notes.safetensors"), {"not a CLIP weights file", "safetensors", "TorchScript"});
        writeBytes(path("photo.pt"), std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
        expectError(path("photo.pt"), {"not a CLIP weights file"});
    }

    void headerIsNotJson() {
        std::string bytes(8, '\0');
        bytes[0] = 12;
        writeBytes(path("badheader.safetensors"), bytes + "{not json at");
        expectError(path("badheader.safetensors"), {"not valid JSON"});
    }

    void truncatedFile() {
        const auto bytes = readBytes(path("good.safetensors"));
        writeBytes(path("truncated.safetensors"), bytes.substr(0, bytes.size() / 2));
        expectError(path("truncated.safetensors"), {"truncated"});
    }

    void missingTensor() {
        writeWith(path("missing.safetensors"), [](auto& t) {
            t.erase(std::remove_if(t.begin(), t.end(), [](auto& p) { return p.first == "visual.proj"; }), t.end());
        });
        expectError(path("missing.safetensors"), {"missing tensor 'visual.proj'", "[32, 16]"});
    }

    void unexpectedTensor() {
        writeWith(path("extra.safetensors"), [](auto& t) { t.emplace_back("visual.extra_head.weight", torch::zeros({2})); });
        expectError(path("extra.safetensors"), {"unexpected tensor", "'visual.extra_head.weight'"});
    }

    void misShapedTensor() {
        writeWith(path("shape.safetensors"), [](auto& t) {
            for (auto& [name, tensor] : t)
                if (name == "visual.proj") tensor = torch::zeros({32, 8});
        });
        expectError(path("shape.safetensors"), {"'visual.proj'", "shape [32, 8]", "expected [32, 16]"});
    }

    void configDoesNotMatchWeights() {
        auto config = test::tinyClipConfig();
        config.vision.layers = 3;
        expectError(path("good.safetensors"), {"missing tensor 'visual.transformer.resblocks.2."}, config);
    }

    void resnetWeightsAreRefusedClearly() {
        writeSafetensors(path("rn50.safetensors"), {{"visual.layer1.0.conv1.weight", torch::zeros({1})}});
        expectError(path("rn50.safetensors"), {"ResNet", "not supported"}, std::nullopt);
    }

    void truncatedTorchScriptArchive() {
        const auto jit = test::syntheticModelDir() / "openai-jit.pt";
        CLIPDESK_REQUIRE_SHARED(jit);
        const auto bytes = readBytes(jit.string());
        writeBytes(path("cut.pt"), bytes.substr(0, bytes.size() / 3));
        expectError(path("cut.pt"), {"TorchScript"}, std::nullopt);
    }

    void malformedConfigurations() {
        auto expectConfigError = [this](const char* name, const std::string& text, const char* fragment) {
            writeBytes(path(name), text);
            try {
                ClipConfig::fromJsonFile(path(name));
            } catch (const ConfigError& e) {
                const std::string m = e.what();
                QVERIFY2(m.find(path(name)) != std::string::npos && m.find(fragment) != std::string::npos, m.c_str());
                return;
            }
            QFAIL(name);
        };
        expectConfigError("c1.json", "{\"embed_dim\": 512,", "not valid JSON");
        expectConfigError("c2.json", "{\"hello\": 1}", "not a CLIP configuration");
        expectConfigError("c3.json", R"({"embed_dim":512,"vision":{"image_size":224,"patch_size":16,"width":256,"heads":4},
                                         "text":{"context_length":77,"vocab_size":49408,"width":256,"layers":3,"heads":4}})",
                          "vision.layers");
        expectConfigError("c4.json", R"({"embed_dim":1024,"vision_cfg":{"image_size":224,"layers":[3,4,6,3],"width":64},
                                         "text_cfg":{"context_length":77,"vocab_size":49408,"width":512,"heads":8,"layers":12}})",
                          "ResNet");
        expectConfigError("c5.json", R"({"embed_dim":512,"vision":{"image_size":224,"patch_size":15,"width":256,"layers":2,"heads":4},
                                         "text":{"context_length":77,"vocab_size":49408,"width":256,"layers":3,"heads":4}})",
                          "not a multiple of patch size");
    }

    // Absurd sizes are refused while reading the configuration, before anything is allocated,
    // with the value and the limit; integers are never truncated or wrapped.
    void absurdConfigurationsNameValueAndLimit() {
        const std::string v = R"("image_size":32,"patch_size":16,"width":64,"layers":2,"heads":4)";
        const std::string t = R"("context_length":77,"vocab_size":49408,"width":64,"layers":2,"heads":4)";
        struct Case {
            std::string vision, text, extra, fragment;
        };
        const Case cases[] = {
            {R"("image_size":32,"patch_size":16,"width":64,"layers":1000000,"heads":4)", t, "",
             "vision layers 1000000 exceeds the limit of 256"},
            {R"("image_size":32,"patch_size":16,"width":1e9,"layers":2,"heads":4)", t, "",
             "vision width 1000000000 exceeds the limit of 16384"},
            {R"("image_size":32,"patch_size":16,"width":1e20,"layers":2,"heads":4)", t, "",
             "field 'vision.width' is out of range, got 1e+20"},
            {R"("image_size":32,"patch_size":16,"width":64,"layers":10.5,"heads":4)", t, "",
             "field 'vision.layers' must be an integer, got 10.5"},
            {v, R"("context_length":1e9,"vocab_size":49408,"width":64,"layers":2,"heads":4)", "",
             "text context length 1000000000 exceeds the limit of 4096"},
            {R"("image_size":1000000,"patch_size":16,"width":64,"layers":2,"heads":4)", t, "",
             "vision image size 1000000 exceeds the limit of 4096"},
            {R"("image_size":1024,"patch_size":1,"width":64,"layers":2,"heads":4)", t, "",
             "vision patches per image ((image size / patch size)^2) 1048576 exceeds the limit of 16384"},
            {R"("image_size":32,"patch_size":16,"width":64,"layers":2,"heads":4,"mlp_ratio":1e12)", t, "",
             "'vision.mlp_ratio' gives an MLP width of"},
            {R"("image_size":224,"patch_size":14,"width":16384,"layers":256,"heads":128)", t, "",
             "parameters, beyond the limit of 4e+09"},
            {v, t, R"(,"preprocess":{"std":[0.26,0,0.27]})", "preprocess std 1 must be a positive finite number, got 0.000000"},
            {v, t, R"(,"preprocess":{"std":[0.26,0.26,-0.27]})", "preprocess std 2 must be a positive finite number"},
        };
        for (const auto& c : cases) {
            const std::string& fragment = c.fragment;
            const std::string json =
                "{\"embed_dim\":32,\"vision\":{" + c.vision + "},\"text\":{" + c.text + "}" + c.extra + "}";
            std::string message = "(accepted)";
            try {
                ClipConfig::fromJsonText(json, "absurd.json");
            } catch (const ConfigError& e) {
                message = e.what();
            }
            QVERIFY2(message.rfind("absurd.json: ", 0) == 0 && message.find(fragment) != std::string::npos,
                     test::text(json, " -> ", message).c_str());
        }
    }

    void nonFiniteWeightsAreRefusedAtLoad() {
        writeWith(path("nan.safetensors"), [](auto& t) {
            for (auto& [name, tensor] : t)
                if (name == "visual.proj") tensor = tensor.clone().index_put_({0, 0}, std::nanf(""));
        });
        expectError(path("nan.safetensors"), {"tensor 'visual.proj' holds NaN or infinite values"});
        writeWith(path("inf-scale.safetensors"), [](auto& t) {
            for (auto& [name, tensor] : t)
                if (name == "logit_scale") tensor = torch::full_like(tensor, INFINITY);
        });
        expectError(path("inf-scale.safetensors"), {"tensor 'logit_scale' holds NaN or infinite values"});
        writeWith(path("huge-scale.safetensors"), [](auto& t) {
            for (auto& [name, tensor] : t)
                if (name == "logit_scale") tensor = torch::full_like(tensor, 1000.0);
        });
        expectError(path("huge-scale.safetensors"), {"logit_scale 1000.000000 is too large"});
    }

    // Two tensors whose data_offsets share bytes: the header is rewritten so that the second
    // tensor of the file starts inside the first.
    void overlappingSafetensorsOffsetsAreRefused() {
        writeSafetensors(path("pair.safetensors"), {{"a", torch::zeros({4})}, {"b", torch::ones({4})}});
        std::string bytes = readBytes(path("pair.safetensors"));
        const std::string from = "\"data_offsets\":[16,32]", to = "\"data_offsets\":[8,24]";
        const auto at = bytes.find(from);
        QVERIFY2(at != std::string::npos, bytes.substr(0, 200).c_str());
        bytes.replace(at, from.size(), to + std::string(from.size() - to.size(), ' '));
        writeBytes(path("overlap.safetensors"), bytes);
        try {
            SafetensorsFile file(path("overlap.safetensors"));
        } catch (const CheckpointError& e) {
            QVERIFY2(std::string(e.what()).find("tensors 'a' and 'b' overlap in the data section (bytes 8 to 16)") !=
                         std::string::npos,
                     e.what());
            return;
        }
        QFAIL("overlapping tensors were accepted");
    }

    // A FIFO as the weights file is refused at once instead of blocking the open.
    void fifoWeightsFileIsRefusedWithoutWaiting() {
        const std::string fifo = path("pipe.safetensors");
        QVERIFY(::mkfifo(fifo.c_str(), 0600) == 0);
        expectError(fifo, {"not a regular file (a FIFO)"});
    }
};

QTEST_GUILESS_MAIN(TestCheckpointErrors)
#include "test_checkpoint_errors.moc"
