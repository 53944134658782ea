// clipdesk-cli index: adds folders to a library and brings it up to date (new, changed,
// moved and deleted photos). Progress and failed photos go to stderr; the result is one JSON
// line: {"library", "added", "updated", "moved", "removed", "unchanged", "failed", "seconds",
// "images_per_s", "cancelled", "index", "precision", "precision_probe", "skipped_unsupported":
// {".gif": 3, ...}, "failures": [{"path", "reason"}, ... at most 100], "raw_companions":
// [{"raw", "indexed"}, ... at most 100] (RAW files whose shot is indexed from the JPEG/HEIF
// beside them), "raw_companion_count"}.
// Failed photos do not make the run fail (exit 0); Ctrl-C stops after the batch in flight,
// keeping what was finished (exit 130).
//
// --watch: after that run, keeps watching the library's folders until Ctrl-C (exit 0, also
// when it interrupts a background run: what was finished is kept) and brings them up to date
// a few seconds (--settle) after changes settle, printing one JSON line per event:
// {"event": "watching", "watched_folders", "unwatched_folders", "watch_cap", "system_limit",
// "reason", "missing_folders", "rescan_minutes"} at the start and whenever the coverage
// changes; {"event": "reindexed", "trigger": "changes"|"rescan"|"overflow"|"folder_back",
// "folders": [...], then the run's fields as above}; {"event": "folder_gone"|"folder_back"|
// "run_failed", "path", "message"}. The first run's line then carries "event": "indexed".

#include "cli_command.h"
#include "interrupt_scope.h"
#include "json_output.h"
#include "library_options.h"
#include "model_options.h"
#include "number_checks.h"

#include "application/index_run.h"
#include "application/library_watch.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <vector>

namespace clipdesk::cli {
namespace {

constexpr std::size_t kMaxFailuresInSummary = 100;

Json probeJson(const std::optional<IndexRunResult::Probe>& probe) {
    if (!probe) return nullptr;
    return Json{{"fp32_images_per_s", probe->fp32ImagesPerSecond},
                {"bf16_images_per_s", probe->bf16ImagesPerSecond},
                {"min_cosine", probe->minCosine},
                {"reason", probe->reason},
                {"cached", probe->fromCache}};
}

std::string quoted(const std::string& path) { return Json(path).dump(-1, ' ', false, Json::error_handler_t::replace); }

// "5 files skipped: unsupported format (.heic ×3, .gif ×2)", the most frequent first.
std::string unsupportedLine(const std::map<std::string, std::int64_t>& byExtension) {
    std::vector<std::pair<std::string, std::int64_t>> counts(byExtension.begin(), byExtension.end());
    std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::int64_t total = 0;
    std::string list;
    for (const auto& [extension, count] : counts) {
        total += count;
        list += (list.empty() ? "" : ", ") + extension + " \u00d7" + std::to_string(count);
    }
    return std::to_string(total) + (total == 1 ? " file" : " files") + " skipped: unsupported format (" + list + ")";
}

// Progress lines on stderr, at most one a second (and the last), and each failed photo.
class StderrProgress {
public:
    explicit StderrProgress(bool quiet) : quiet_(quiet) {}

    void onProgress(const JobProgress& p) {
        const auto now = std::chrono::steady_clock::now();
        if (quiet_ || p.stage == JobStage::Watching) return;
        if (p.stage == JobStage::Scanning && p.etaSeconds == 0) {  // a folder of the run, scanned
            std::cerr << "clipdesk-cli: scanned " << quoted(p.item) << ": " << p.done << " photos found\n";
            return;
        }
        // A scan is reported while it walks only when it takes more than a second: the count
        // found so far at its start is always 0.
        if (p.stage == JobStage::Scanning && scanStart_ == std::chrono::steady_clock::time_point{}) scanStart_ = now;
        if (p.stage == JobStage::Scanning && now - scanStart_ < std::chrono::seconds(1)) return;
        const bool last = p.stage == JobStage::Encoding && p.done == p.total && p.total > 0;
        if (now - lastPrint_ < std::chrono::seconds(1) && !last) return;
        lastPrint_ = now;
        if (p.stage == JobStage::Scanning) {
            std::cerr << "clipdesk-cli: scanning " << quoted(p.item) << " (" << p.done << " photos found so far)\n";
        } else if (p.stage == JobStage::Encoding) {
            char line[160];
            std::snprintf(line, sizeof line, "clipdesk-cli: indexed %lld/%lld photos, %.1f images/s",
                          static_cast<long long>(p.done), static_cast<long long>(p.total), p.perSecond);
            std::cerr << line;
            if (p.etaSeconds >= 0) std::cerr << ", " << static_cast<long long>(p.etaSeconds + 0.5) << " s left";
            std::cerr << '\n';
        }
    }

    void onFailure(const std::string& path, const std::string& reason) {
        std::cerr << "clipdesk-cli: failed: " << quoted(path) << ": " << reason << '\n';
    }

private:
    bool quiet_;
    std::chrono::steady_clock::time_point lastPrint_{};
    std::chrono::steady_clock::time_point scanStart_{};
};

Json runJson(const IndexRunResult& result) {
    const IndexSummary& s = result.summary;
    Json failures = Json::array();
    for (std::size_t i = 0; i < s.failures.size() && i < kMaxFailuresInSummary; ++i)
        failures.push_back(Json{{"path", s.failures[i].path}, {"reason", s.failures[i].reason}});
    Json companions = Json::array();
    for (std::size_t i = 0; i < s.rawCompanions.size() && i < kMaxFailuresInSummary; ++i)
        companions.push_back(Json{{"raw", s.rawCompanions[i].rawPath}, {"indexed", s.rawCompanions[i].renderedPath}});
    return Json{{"library", result.libraryDir},
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
                {"precision", result.precision},
                {"precision_probe", probeJson(result.precisionProbe)},
                {"skipped_unsupported", Json(s.skippedUnsupported)},
                {"failures", failures},
                {"raw_companions", companions},
                {"raw_companion_count", s.rawCompanions.size()}};
}

// Prefixes `body` with {"event": event, ...extra}.
Json eventJson(const char* event, Json extra, const Json& body) {
    Json line{{"event", event}};
    for (const auto& item : extra.items()) line[item.key()] = item.value();
    for (const auto& item : body.items()) line[item.key()] = item.value();
    return line;
}

Json coverageJson(const WatchCoverage& c, std::chrono::milliseconds rescan) {
    return Json{{"event", "watching"},
                {"watched_folders", c.watchedFolders},
                {"unwatched_folders", c.unwatchedFolders},
                {"watch_cap", c.watchCap},
                {"system_limit", c.systemLimit},
                {"reason", c.reason},
                {"missing_folders", c.missingRoots},
                {"rescan_minutes", std::chrono::duration<double>(rescan).count() / 60.0}};
}

const char* noticeName(WatchNotice::Kind kind) {
    switch (kind) {
    case WatchNotice::Kind::FolderGone: return "folder_gone";
    case WatchNotice::Kind::FolderBack: return "folder_back";
    case WatchNotice::Kind::RunFailed: return "run_failed";
    }
    return "notice";
}

class IndexCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand(
            "index", "Add photo folders to a library and index new, changed, moved and deleted photos");
        library_.declare(cmd);
        model_.precision = kIndexingPrecision;
        model_.declare(cmd);
        cmd->add_option("folders", folders_,
                        "Folders to add and scan (default: every folder of the library, scanned again)");
        cmd->add_option("--workers", options_.workers,
                        "Threads decoding and encoding photos side by side (0 = one per core; with a GPU, half the cores)")
            ->check(nonNegativeNumber());
        cmd->add_flag("--include-hidden", options_.includeHidden, "Also index hidden files and folders (names starting with '.')");
        cmd->add_flag("--retry-failed", options_.retryFailed, "Try photos that failed before again, even if unchanged");
        cmd->add_flag("-q,--quiet", quiet_, "No progress lines on stderr");
        cmd->add_flag("--watch", watch_,
                      "Then keep watching the library's folders and index changes as they settle, until Ctrl-C");
        cmd->add_option("--settle", settleSeconds_, "With --watch: seconds without changes before indexing them (default 3)")
            ->check(CLI::Range(0.1, 3600.0));
        return cmd;
    }

    int run() override {
        IndexRunRequest request;
        request.libraryDir = library_.dir();
        request.folders = folders_;
        request.model = model_.settings();
        request.defaultModel = [this] { return model_.modelPath(); };  // $CLIPDESK_MODEL, else the bundled model
        request.options = options_;

        InterruptScope interruptScope;
        StderrProgress progress(quiet_);
        JobControl* self = nullptr;
        JobControl control(
            [&](const JobProgress& p) {
                if (interruptRequested()) self->cancel();
                progress.onProgress(p);
            },
            [&](const std::string& path, const std::string& reason) { progress.onFailure(path, reason); });
        self = &control;
        const IndexRunResult result = runIndex(request, control);
        if (!result.repairNotice.empty()) std::cerr << "clipdesk-cli: warning: " << result.repairNotice << '\n';
        const IndexSummary& s = result.summary;
        if (!s.skippedUnsupported.empty()) std::cerr << "clipdesk-cli: " << unsupportedLine(s.skippedUnsupported) << '\n';
        printJsonLine(watch_ ? eventJson("indexed", Json::object(), runJson(result)) : runJson(result));
        if (s.cancelled) return 130;
        if (watch_) watch(request, control);
        return 0;
    }

private:
    // Until Ctrl-C; every folder of the library (those just indexed included).
    void watch(const IndexRunRequest& index, const JobControl& control) {
        LibraryWatchRequest request;
        request.index = index;
        request.index.folders.clear();
        request.settle = std::chrono::milliseconds(static_cast<long long>(settleSeconds_ * 1000));
        LibraryWatchListener listener;
        listener.coverage = [&](const WatchCoverage& c) { printJsonLine(coverageJson(c, request.rescanInterval)); };
        listener.reindexed = [](const WatchReindex& r) {
            if (!r.result.summary.skippedUnsupported.empty())
                std::cerr << "clipdesk-cli: " << unsupportedLine(r.result.summary.skippedUnsupported) << '\n';
            printJsonLine(eventJson("reindexed", Json{{"trigger", triggerName(r.trigger)}, {"folders", r.folders}},
                                    runJson(r.result)));
        };
        listener.notice = [](const WatchNotice& n) {
            std::cerr << "clipdesk-cli: " << (n.kind == WatchNotice::Kind::FolderBack ? "" : "warning: ") << n.message << '\n';
            printJsonLine(Json{{"event", noticeName(n.kind)}, {"path", n.subject}, {"message", n.message}});
        };
        watchLibrary(request, listener, control);
    }

    LibraryOptions library_;
    ModelOptions model_;
    IndexOptions options_;
    std::vector<std::string> folders_;
    bool quiet_ = false;
    bool watch_ = false;
    double settleSeconds_ = 3.0;
};

}  // namespace

std::unique_ptr<CliCommand> makeIndexCommand() { return std::make_unique<IndexCommand>(); }

}  // namespace clipdesk::cli
