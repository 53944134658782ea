// clipdesk-cli embed-text: {"text": T, "embedding": [...]} per text (L2-normalised).

#include "cli_command.h"
#include "json_output.h"
#include "model_options.h"
#include "text_inputs.h"

namespace clipdesk::cli {
namespace {

class EmbedTextCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("embed-text", "Print normalised CLIP text embeddings");
        model_.declare(cmd);
        texts_.declare(cmd, "texts", "Texts to embed");
        return cmd;
    }

    int run() override {
        const auto texts = texts_.collect();
        auto embedder = model_.openEmbedder(ModelTowers::textOnly());
        const auto embeddings = embedder->embedTexts(texts);
        for (size_t i = 0; i < texts.size(); ++i)
            printJsonLine(Json{{"text", texts[i]}, {"embedding", tensorToJson(embeddings[static_cast<long>(i)])}});
        return 0;
    }

private:
    ModelOptions model_;
    InputList texts_;
};

}  // namespace

std::unique_ptr<CliCommand> makeEmbedTextCommand() { return std::make_unique<EmbedTextCommand>(); }

}  // namespace clipdesk::cli
