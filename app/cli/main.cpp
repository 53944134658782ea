// clipdesk-cli: every Clipdesk job as a command with JSON Lines on stdout, progress and
// errors on stderr. Exit status: 0 ok, 1 failure, 2 usage error.

#include "cli_command.h"
#include "exit_without_teardown.h"

#include "clip/model/cpu_runtime.h"

#include <iostream>

int main(int argc, char** argv) {
    clipdesk::tuneCpuRuntime(argv);
    using namespace clipdesk::cli;
    CLI::App app{"Clipdesk command line: search and label photos with CLIP.\n"
                 "Results are JSON Lines on stdout; progress and errors go to stderr."};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Show help for every command");

    std::vector<std::unique_ptr<CliCommand>> commands;
    commands.push_back(makeTokenizeCommand());
    commands.push_back(makeEmbedTextCommand());
    commands.push_back(makeEmbedImageCommand());
    commands.push_back(makeSimilarityCommand());
    commands.push_back(makePreprocessCommand());
    commands.push_back(makeIndexCommand());
    commands.push_back(makeSearchCommand());
    commands.push_back(makeSimilarCommand());
    commands.push_back(makeStatusCommand());
    commands.push_back(makeForgetCommand());
    commands.push_back(makeDuplicatesCommand());
    commands.push_back(makeTrainCommand());
    commands.push_back(makeTrainVocabCommand());
    commands.push_back(makeEvalZeroShotCommand());
    commands.push_back(makeTagCommand());
    commands.push_back(makeTagsCommand());
    commands.push_back(makeTagSetCommand());
    commands.push_back(makeTagExamplesCommand());
    commands.push_back(makeExportCommand());
    commands.push_back(makeImportXmpCommand());
    commands.push_back(makeModelsCommand());
    std::vector<std::pair<CLI::App*, CliCommand*>> registered;
    for (auto& c : commands) registered.emplace_back(c->configure(app), c.get());

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "clipdesk-cli: usage error: " << e.what() << "\n(run 'clipdesk-cli --help')\n";
        return 2;
    }
    for (auto& [sub, command] : registered) {
        if (!sub->parsed()) continue;
        try {
            const int status = command->run();
            if (command->readOnly()) exitWithoutTeardown(status);
            return status;
        } catch (const std::exception& e) {
            std::cerr << "clipdesk-cli: error: " << e.what() << '\n';
            return 1;
        }
    }
    return 2;
}
