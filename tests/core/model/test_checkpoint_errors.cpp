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
};

QTEST_GUILESS_MAIN(TestCheckpointErrors)
#include "test_checkpoint_errors.moc"
