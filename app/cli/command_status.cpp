// clipdesk-cli status: one JSON object describing a library: its model, folders with photo
// counts by state, the vector index, failed photos with reasons and unreadable folders.
// --check also runs SQLite's integrity check and compares the index with the database.

#include "cli_command.h"
#include "json_output.h"
#include "library_options.h"
#include "number_checks.h"

#include "application/library_status.h"

#include <iostream>

namespace clipdesk::cli {
namespace {

Json countsToJson(const StateCounts& c) {
    return Json{{"photos", c.total()}, {"indexed", c.indexed}, {"pending", c.pending}, {"failed", c.failed},
                {"stale", c.stale}};
}

class StatusCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("status", "Describe a library: model, folders, photo counts, index, failures");
        library_.declare(cmd);
        cmd->add_option("--failures", maxFailures_, "List at most this many failed photos")
            ->check(nonNegativeNumber())
            ->capture_default_str();
        cmd->add_flag("--check", check_, "Also check the database's integrity and the index against it");
        return cmd;
    }

    int run() override {
        const LibraryStatus status = readLibraryStatus(library_.dir(), maxFailures_, check_);
        if (!status.repairNotice.empty()) std::cerr << "clipdesk-cli: warning: " << status.repairNotice << '\n';
        Json out{{"library", status.dir}, {"database", status.database}};
        if (const auto& model = status.model)
            out["model"] = Json{{"path", model->modelPath}, {"name", model->name}, {"identity", model->identity},
                                {"embed_dim", model->embedDim}, {"image_size", model->imageSize}};
        else
            out["model"] = nullptr;
        Json folders = Json::array();
        for (const auto& f : status.folders) {
            Json entry{{"path", f.folder.path}};
            entry.update(countsToJson(f.counts));
            folders.push_back(entry);
        }
        out.update(countsToJson(status.totals));
        out["folders"] = folders;
        out["index"] = Json{{"type", status.index}, {"vectors", status.vectors}, {"repaired", status.repairNotice}};
        bool healthy = true;
        if (status.consistent) {
            out["index"]["consistent"] = *status.consistent;
            out["index"]["vectors_checked"] = status.vectorsChecked;
            out["index"]["vectors_wrong"] = status.vectorsWrong;
            out["integrity"] = status.integrity;
            healthy = *status.consistent && status.integrity == "ok";
        }
        Json failures = Json::array();
        for (const auto& p : status.failedPhotos) failures.push_back(Json{{"path", p.path}, {"reason", p.reason}});
        out["failures"] = failures;
        Json problems = Json::array();
        for (const auto& p : status.scanProblems) problems.push_back(Json{{"path", p.path}, {"reason", p.reason}});
        out["scan_problems"] = problems;
        printJsonLine(out);
        return healthy ? 0 : 1;
    }

private:
    LibraryOptions library_;
    std::int64_t maxFailures_ = 20;
    bool check_ = false;
};

}  // namespace

std::unique_ptr<CliCommand> makeStatusCommand() { return std::make_unique<StatusCommand>(); }

}  // namespace clipdesk::cli
