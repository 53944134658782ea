// clipdesk-cli status: one JSON object describing a library: its model, folders with photo
// counts by state, the vector index, failed photos with reasons and unreadable folders.
// --check also runs SQLite's integrity check and compares the index with the database.

#include "cli_command.h"
#include "json_output.h"
#include "library_options.h"

#include "library/sqlite_connection.h"

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
            ->check(CLI::NonNegativeNumber)
            ->capture_default_str();
        cmd->add_flag("--check", check_, "Also check the database's integrity and the index against it");
        return cmd;
    }

    int run() override {
        auto library = library_.open(LibraryAccess::Read);
        auto& db = library->database();
        Json out{{"library", library->files().dir.string()}, {"database", db.path()}};
        if (const auto model = db.currentModel())
            out["model"] = Json{{"path", model->modelPath}, {"name", model->name}, {"identity", model->identity},
                                {"embed_dim", model->embedDim}, {"image_size", model->imageSize}};
        else
            out["model"] = nullptr;

        StateCounts all;
        Json folders = Json::array();
        for (const auto& f : db.folderStatus()) {
            Json entry{{"path", f.folder.path}};
            entry.update(countsToJson(f.counts));
            folders.push_back(entry);
            all.pending += f.counts.pending;
            all.indexed += f.counts.indexed;
            all.failed += f.counts.failed;
            all.stale += f.counts.stale;
        }
        out.update(countsToJson(all));
        out["folders"] = folders;

        const VectorIndex* index = library->index();
        out["index"] = Json{{"type", index ? index->describe() : "none"},
                            {"vectors", index ? index->size() : 0},
                            {"repaired", library->repairNotice()}};
        bool healthy = true;
        if (check_) {
            const bool consistent = !index ? all.indexed == 0 : index->ids() == db.indexedPhotoIds();
            std::string integrity;
            auto s = db.connection().prepare("PRAGMA integrity_check");
            while (s.step()) integrity += (integrity.empty() ? "" : "; ") + s.text(0);
            out["index"]["consistent"] = consistent;
            out["integrity"] = integrity;
            healthy = consistent && integrity == "ok";
        }

        Json failures = Json::array();
        for (const auto& p : db.failedPhotos(maxFailures_)) failures.push_back(Json{{"path", p.path}, {"reason", p.reason}});
        out["failures"] = failures;
        Json problems = Json::array();
        for (const auto& p : db.scanProblems()) problems.push_back(Json{{"path", p.path}, {"reason", p.reason}});
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
