// clipdesk-cli forget: drops folders from a library, with their photos and embeddings (the
// photo files are not touched). One JSON line per folder: {"folder", "photos_removed"}.

#include "cli_command.h"
#include "json_output.h"
#include "library_options.h"

namespace clipdesk::cli {
namespace {

class ForgetCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("forget", "Drop folders from a library (the photo files are not touched)");
        library_.declare(cmd);
        cmd->add_option("folders", folders_, "Folders of the library, as 'status' lists them")->required();
        return cmd;
    }

    int run() override {
        auto library = library_.open(LibraryAccess::Write);
        for (const auto& folder : folders_) {
            const auto removed = library->forgetFolder(folder);
            printJsonLine(Json{{"folder", normalisedPath(folder)}, {"photos_removed", removed}});
        }
        return 0;
    }

private:
    LibraryOptions library_;
    std::vector<std::string> folders_;
};

}  // namespace

std::unique_ptr<CliCommand> makeForgetCommand() { return std::make_unique<ForgetCommand>(); }

}  // namespace clipdesk::cli
