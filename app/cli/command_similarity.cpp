// clipdesk-cli similarity: one object with the image x text cosine matrix and, per image, the
// softmax over texts of the logit-scaled cosines (CLIP's zero-shot probabilities).

#include "cli_command.h"
#include "json_output.h"
#include "model_options.h"

#include <torch/torch.h>

namespace clipdesk::cli {
namespace {

class SimilarityCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("similarity", "Cosine similarity and softmax probabilities of images x texts");
        model_.declare(cmd);
        cmd->add_option("--images", images_, "Image files")->required()->expected(1, -1);
        cmd->add_option("--texts", texts_, "Texts")->required()->expected(1, -1);
        return cmd;
    }

    int run() override {
        auto embedder = model_.openEmbedder(ModelTowers::both());
        std::vector<torch::Tensor> imageRows;
        for (const auto& r : embedder->embedImageFiles(images_)) {
            if (!r.error.empty()) throw std::runtime_error(r.path + ": " + r.error);
            imageRows.push_back(r.embedding);
        }
        const auto imageEmbeddings = torch::stack(imageRows);
        const auto textEmbeddings = embedder->embedTexts(texts_);
        const auto cosine = torch::matmul(imageEmbeddings, textEmbeddings.t());
        const double scale = embedder->logitScale();
        const auto probs = torch::softmax(cosine * scale, 1);
        printJsonLine(Json{{"images", images_},
                           {"texts", texts_},
                           {"logit_scale", scale},
                           {"cosine", tensorToJson(cosine)},
                           {"probs", tensorToJson(probs)}});
        return 0;
    }

private:
    ModelOptions model_;
    std::vector<std::string> images_;
    std::vector<std::string> texts_;
};

}  // namespace

std::unique_ptr<CliCommand> makeSimilarityCommand() { return std::make_unique<SimilarityCommand>(); }

}  // namespace clipdesk::cli
