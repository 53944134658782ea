#pragma once
// One clipdesk-cli subcommand: declares its options on a CLI11 subcommand, then runs.
// run() returns the exit status (0 ok, 1 failure); usage errors never reach it (exit 2).

#include <CLI/CLI.hpp>

#include <memory>
#include <vector>

namespace clipdesk::cli {

class CliCommand {
public:
    virtual ~CliCommand() = default;
    virtual CLI::App* configure(CLI::App& parent) = 0;
    virtual int run() = 0;
    // True for a command that writes nothing (search, similar): once run() has returned, the
    // process exits without tearing down (exit_without_teardown.h).
    virtual bool readOnly() const { return false; }
};

std::unique_ptr<CliCommand> makeTokenizeCommand();
std::unique_ptr<CliCommand> makeEmbedTextCommand();
std::unique_ptr<CliCommand> makeEmbedImageCommand();
std::unique_ptr<CliCommand> makeSimilarityCommand();
std::unique_ptr<CliCommand> makePreprocessCommand();
std::unique_ptr<CliCommand> makeIndexCommand();
std::unique_ptr<CliCommand> makeSearchCommand();
std::unique_ptr<CliCommand> makeSimilarCommand();
std::unique_ptr<CliCommand> makeStatusCommand();
std::unique_ptr<CliCommand> makeForgetCommand();
std::unique_ptr<CliCommand> makeDuplicatesCommand();
std::unique_ptr<CliCommand> makeTrainCommand();
std::unique_ptr<CliCommand> makeTrainVocabCommand();
std::unique_ptr<CliCommand> makeEvalZeroShotCommand();
std::unique_ptr<CliCommand> makeTagCommand();
std::unique_ptr<CliCommand> makeTagsCommand();
std::unique_ptr<CliCommand> makeTagSetCommand();
std::unique_ptr<CliCommand> makeTagExamplesCommand();
std::unique_ptr<CliCommand> makeExportCommand();
std::unique_ptr<CliCommand> makeImportXmpCommand();
std::unique_ptr<CliCommand> makeModelsCommand();

}  // namespace clipdesk::cli
