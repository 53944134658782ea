// clipdesk-cli tokenize: {"text": T, "ids": [context_length ints]} per text.

#include "cli_command.h"
#include "json_output.h"
#include "model_options.h"
#include "number_checks.h"
#include "text_inputs.h"

#include "clip/model/clip_config.h"
#include "clip/model_files.h"
#include "clip/weights/checkpoint_loader.h"

namespace clipdesk::cli {
namespace {

class TokenizeCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("tokenize", "Print the token ids of texts as the model's text tower reads them (no weights are loaded)");
        model_.declare(cmd, /*compute=*/false);
        texts_.declare(cmd, "texts", "Texts to tokenize");
        cmd->add_option("--context-length", contextLength_, "Default: the model's (77 for CLIP, 52 for Chinese-CLIP)")
            ->check(positiveNumber());
        return cmd;
    }

    int run() override {
        const auto files = locateModelFiles(model_.modelPath());
        // The architecture (which tokenizer, which context) from the config, else from the
        // tensors' names and shapes: no tower is loaded.
        CheckpointLoadOptions shapesOnly;
        shapesOnly.towers = ModelTowers{false, false};
        const auto config = loadClipModel(files.weights, readModelConfig(files), shapesOnly).config;
        const std::string vocab = !model_.vocab.empty() ? model_.vocab : files.vocabularyFor(config.text.kind).value_or("");
        if (vocab.empty()) throw std::runtime_error("no vocabulary found beside the model " + files.weights + "; pass --vocab FILE");
        const auto tokenizer = openModelTokenizer(vocab, config, files.weights);
        const int context = contextLength_ ? contextLength_ : config.text.contextLength;
        for (const auto& text : texts_.collect()) {
            const auto t = tokenizer->tokenize(text, context);
            printJsonLine(Json{{"text", text}, {"ids", t.ids}});
        }
        return 0;
    }

private:
    ModelOptions model_;
    InputList texts_;
    int contextLength_ = 0;
};

}  // namespace

std::unique_ptr<CliCommand> makeTokenizeCommand() { return std::make_unique<TokenizeCommand>(); }

}  // namespace clipdesk::cli
