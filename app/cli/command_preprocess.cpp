// clipdesk-cli preprocess: statistics of the preprocessed pixel tensor per file, so that
// preprocessing can be checked exactly (random weights make embeddings a weak test of it).
// --out F.safetensors also writes the tensors ("pixel_values" [N,3,H,W]).

#include "cli_command.h"
#include "json_output.h"
#include "model_options.h"
#include "text_inputs.h"

#include "clip/image/photo_decoder.h"
#include "clip/model/clip_config.h"
#include "clip/weights/safetensors.h"

#include <torch/torch.h>

namespace clipdesk::cli {
namespace {

class PreprocessCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("preprocess", "Print statistics of CLIP-preprocessed images");
        model_.declare(cmd, /*compute=*/false);
        paths_.declare(cmd, "files", "Image files");
        cmd->add_option("--out", out_, "Also write the tensors to this .safetensors file");
        return cmd;
    }

    int run() override {
        const auto preprocess = preprocessConfig();
        const ImagePreprocessor preprocessor(preprocess);
        const auto decoder = makePhotoDecoder();
        std::vector<torch::Tensor> tensors;
        Json paths = Json::array();
        bool anyFailed = false;
        for (const auto& path : paths_.collect()) {
            torch::Tensor x;
            try {
                x = preprocessor(decoder->decodeFile(path).image);
            } catch (const ImageDecodeError& e) {
                anyFailed = true;
                printJsonLine(Json{{"path", path}, {"error", e.reason()}});
                continue;
            }
            const auto flat = x.reshape({x.size(0), -1});
            printJsonLine(Json{{"path", path},
                               {"shape", x.sizes().vec()},
                               {"channel_mean", tensorToJson(flat.mean(1))},
                               {"channel_std", tensorToJson(flat.std(1, /*unbiased=*/false))},
                               {"min", x.min().item<float>()},
                               {"max", x.max().item<float>()}});
            tensors.push_back(x);
            paths.push_back(path);
        }
        if (!out_.empty() && !tensors.empty())
            writeSafetensors(out_, {{"pixel_values", torch::stack(tensors)}},
                             {{"paths", paths.dump(-1, ' ', false, Json::error_handler_t::replace)}});
        return anyFailed ? 1 : 0;
    }

private:
    // The model's preprocessing; only its configuration is read, not its weights.
    ImagePreprocessConfig preprocessConfig() const {
        if (auto config = readModelConfig(locateModelFiles(model_.modelPath()))) return config->preprocess;
        return model_.openEmbedder(ModelTowers::imageOnly())->config().preprocess;
    }

    ModelOptions model_;
    InputList paths_;
    std::string out_;
};

}  // namespace

std::unique_ptr<CliCommand> makePreprocessCommand() { return std::make_unique<PreprocessCommand>(); }

}  // namespace clipdesk::cli
