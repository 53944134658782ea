// clipdesk-cli embed-image: {"path": P, "embedding": [...]} or {"path": P, "error": "..."} per
// file. A bad file does not stop the others; the exit status is 1 if any failed.

#include "cli_command.h"
#include "json_output.h"
#include "model_options.h"
#include "text_inputs.h"

namespace clipdesk::cli {
namespace {

class EmbedImageCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("embed-image", "Print normalised CLIP image embeddings");
        model_.declare(cmd);
        paths_.declare(cmd, "files", "Image files");
        return cmd;
    }

    int run() override {
        auto embedder = model_.openEmbedder(ModelTowers::imageOnly());
        bool anyFailed = false;
        for (const auto& r : embedder->embedImageFiles(paths_.collect())) {
            if (r.error.empty()) {
                printJsonLine(Json{{"path", r.path}, {"embedding", tensorToJson(r.embedding)}});
            } else {
                anyFailed = true;
                printJsonLine(Json{{"path", r.path}, {"error", r.error}});
                std::cerr << "clipdesk-cli: " << r.path << ": " << r.error << '\n';
            }
        }
        return anyFailed ? 1 : 0;
    }

private:
    ModelOptions model_;
    InputList paths_;
};

}  // namespace

std::unique_ptr<CliCommand> makeEmbedImageCommand() { return std::make_unique<EmbedImageCommand>(); }

}  // namespace clipdesk::cli
