// clipdesk-cli index: adds folders to a library and brings it up to date (new, changed,
// moved and deleted photos). Progress and failed photos go to stderr; the result is one JSON
// line: {"library", "added", "updated", "moved", "removed", "unchanged", "failed", "seconds",
// "images_per_s", "cancelled", "index", "failures": [{"path", "reason"}, ... at most 100]}.
// Failed photos do not make the run fail (exit 0); Ctrl-C stops after the batch in flight,
// keeping what was finished (exit 130).

#include "cli_command.h"
#include "json_output.h"
#include "interrupt_scope.h"
#include "library_options.h"
#include "model_options.h"

#include "library/photo_indexer.h"

#include <chrono>
#include <filesystem>
#include <cstdio>
#include <iostream>
#include <optional>

namespace clipdesk::cli {
namespace {

constexpr std::size_t kMaxFailuresInSummary = 100;

Json probeJson(const std::optional<PrecisionProbe>& probe) {
    if (!probe) return nullptr;
    return Json{{"fp32_images_per_s", probe->fp32ImagesPerSecond},
                {"bf16_images_per_s", probe->bf16ImagesPerSecond},
                {"min_cosine", probe->minCosine},
                {"reason", probe->reason},
                {"cached", probe->fromCache}};
}

std::string quoted(const std::string& path) { return Json(path).dump(-1, ' ', false, Json::error_handler_t::replace); }

class StderrProgress : public IndexProgressListener {
public:
    explicit StderrProgress(bool quiet) : quiet_(quiet) {}

    bool onProgress(const IndexProgress& p) override {
        if (interruptRequested()) return false;
        const auto now = std::chrono::steady_clock::now();
        const bool last = p.phase == IndexProgress::Phase::Encoding && p.done == p.total && p.total > 0;
        if (quiet_ || (now - lastPrint_ < std::chrono::seconds(1) && !last)) return true;
        lastPrint_ = now;
        if (p.phase == IndexProgress::Phase::Scanning) {
            std::cerr << "clipdesk-cli: scanning " << quoted(p.currentFile) << " (" << p.done << " photos found)\n";
        } else if (p.phase == IndexProgress::Phase::Encoding) {
            char line[160];
            std::snprintf(line, sizeof line, "clipdesk-cli: indexed %lld/%lld photos, %.1f images/s", 
                          static_cast<long long>(p.done), static_cast<long long>(p.total), p.imagesPerSecond);
            std::cerr << line;
            if (p.etaSeconds >= 0) std::cerr << ", " << static_cast<long long>(p.etaSeconds + 0.5) << " s left";
            std::cerr << '\n';
        }
        return true;
    }

    void onFailure(const PathProblem& problem) override {
        std::cerr << "clipdesk-cli: failed: " << quoted(problem.path) << ": " << problem.reason << '\n';
    }

private:
    bool quiet_;
    std::chrono::steady_clock::time_point lastPrint_{};
};

class IndexCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand(
            "index", "Add photo folders to a library and index new, changed, moved and deleted photos");
        library_.declare(cmd);
        model_.precision = "auto";  // indexing runs long: the measured fastest precision pays
        model_.declare(cmd);
        cmd->add_option("folders", folders_,
                        "Folders to add and scan (default: every folder of the library, scanned again)");
        cmd->add_option("--workers", options_.workers,
                        "Threads decoding and encoding photos side by side (0 = one per core; with a GPU, half the cores)")
            ->check(CLI::NonNegativeNumber);
        cmd->add_flag("--include-hidden", options_.includeHidden, "Also index hidden files and folders (names starting with '.')");
        cmd->add_flag("--retry-failed", options_.retryFailed, "Try photos that failed before again, even if unchanged");
        cmd->add_flag("-q,--quiet", quiet_, "No progress lines on stderr");
        return cmd;
    }

    int run() override {
        for (const auto& folder : folders_) {  // before the model is loaded: a typo fails fast
            std::error_code ec;
            if (!std::filesystem::is_directory(folder, ec))
                throw std::runtime_error(folder + (std::filesystem::exists(folder, ec) ? ": not a folder" : ": no such folder"));
        }
        auto library = library_.open(LibraryAccess::Create);
        if (folders_.empty() && library->database().folders().empty())
            throw std::runtime_error(library->files().dir.string() + ": the library has no folders yet; give the folders to index");
        std::string modelPath;
        auto embedder = openModelFor(model_, *library, &modelPath);
        options_.batchSize = model_.batchSize;

        InterruptScope interruptScope;
        StderrProgress progress(quiet_);
        PhotoIndexer indexer(*library, *embedder, modelPath);
        const IndexSummary s = indexer.run(folders_, options_, &progress);

        Json failures = Json::array();
        for (std::size_t i = 0; i < s.failures.size() && i < kMaxFailuresInSummary; ++i)
            failures.push_back(Json{{"path", s.failures[i].path}, {"reason", s.failures[i].reason}});
        printJsonLine(Json{{"library", library->files().dir.string()},
                           {"added", s.added},
                           {"updated", s.updated},
                           {"moved", s.moved},
                           {"removed", s.removed},
                           {"unchanged", s.unchanged},
                           {"failed", s.failed},
                           {"seconds", s.seconds},
                           {"images_per_s", s.imagesPerSecond},
                           {"cancelled", s.cancelled},
                           {"index", s.indexDescription},
                           {"precision", precisionName(embedder->precision())},
                           {"precision_probe", probeJson(embedder->precisionProbe())},
                           {"failures", failures}});
        return s.cancelled ? 130 : 0;
    }

private:
    LibraryOptions library_;
    ModelOptions model_;
    IndexOptions options_;
    std::vector<std::string> folders_;
    bool quiet_ = false;
};

}  // namespace

std::unique_ptr<CliCommand> makeIndexCommand() { return std::make_unique<IndexCommand>(); }

}  // namespace clipdesk::cli
