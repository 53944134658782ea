// clipdesk-cli similar: photos that look like an image file (inside the library or not), best
// first, as JSON Lines {"path", "score", "rank"}. A photo of the library finds itself first.

#include "cli_command.h"
#include "library_options.h"
#include "model_options.h"
#include "search_output.h"

#include "application/photo_query.h"

namespace clipdesk::cli {
namespace {

class SimilarCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("similar", "Find the photos of a library that look like an image");
        library_.declare(cmd);
        model_.declare(cmd, /*compute=*/false);
        filters_.declare(cmd);
        cmd->add_option("file", file_, "The image to compare with")->required();
        return cmd;
    }

    int run() override {
        auto session = library_.openSession(LibraryAccess::Read, model_);
        printSearchHits(findPhotos(*session, {PhotoQuery::Kind::Image, file_}, filters_.toSearchOptions()));
        return 0;
    }
    bool readOnly() const override { return true; }

private:
    LibraryOptions library_;
    ModelOptions model_;
    SearchFilterOptions filters_;
    std::string file_;
};

}  // namespace

std::unique_ptr<CliCommand> makeSimilarCommand() { return std::make_unique<SimilarCommand>(); }

}  // namespace clipdesk::cli
