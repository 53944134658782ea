// clipdesk-cli tokenize: {"text": T, "ids": [context_length ints]} per text.

#include "cli_command.h"
#include "json_output.h"
#include "model_options.h"
#include "number_checks.h"
#include "text_inputs.h"

#include "clip/model/clip_config.h"

namespace clipdesk::cli {
namespace {

class TokenizeCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("tokenize", "Print CLIP token ids of texts (no weights are loaded)");
        model_.declare(cmd, /*compute=*/false);
        texts_.declare(cmd, "texts", "Texts to tokenize");
        cmd->add_option("--context-length", contextLength_, "Default: the model's (77)")->check(positiveNumber());
        return cmd;
    }

    int run() override {
        const auto files = locateModelFiles(model_.modelPath());
        const std::string vocab = !model_.vocab.empty() ? model_.vocab : files.vocab.value_or("");
        if (vocab.empty()) throw std::runtime_error("no BPE vocabulary found beside the model; pass --vocab FILE");
        const auto tokenizer = ClipTokenizer::fromMergesFile(vocab);
        int context = contextLength_;
        if (context == 0) context = files.config ? ClipConfig::fromJsonFile(*files.config).text.contextLength : 77;
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
