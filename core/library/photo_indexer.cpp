#include "library/photo_indexer.h"

#include "change_detector.h"
#include "library/encoding_pipeline.h"
#include "library/library_paths.h"
#include "photo_fingerprint.h"
#include "library/photo_scanner.h"

#include <algorithm>
#include <chrono>

namespace clipdesk {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::int64_t folderOf(const std::vector<ScanScope>& scopes, const std::string& path) {
    for (const auto& s : scopes)
        if (isPathUnder(path, s.path)) return s.folderId;
    throw std::logic_error("photo outside the scanned folders: " + path);
}

}  // namespace

std::int64_t PhotoIndexer::encode(const std::vector<EncodeJob>& jobs, const IndexOptions& options,
                                  const JobControl& control, IndexSummary& summary) {
    const auto total = static_cast<std::int64_t>(jobs.size());
    if (total == 0 || control.cancelled()) return 0;
    JobProgress progress;
    progress.stage = JobStage::Encoding;
    progress.total = total;
    if (!control.report(progress)) return 0;  // before the decoders start

    EncodingPipeline pipeline(embedder_, jobs, options, control);
    const auto encodeStart = Clock::now();
    std::int64_t committed = 0;
    std::int64_t encoded = 0;
    while (auto batch = pipeline.next()) {
        library_.commit(*batch);
        for (const auto& photo : batch->encoded) ++(photo.isNew ? summary.added : summary.updated);
        for (const auto& photo : batch->failed) {
            summary.failures.push_back({photo.file.path, photo.reason});
            ++summary.failed;
            control.problem(photo.file.path, photo.reason);
        }
        encoded += static_cast<std::int64_t>(batch->encoded.size());
        committed += static_cast<std::int64_t>(batch->size());
        const double elapsed = secondsSince(encodeStart);
        progress.done = committed;
        progress.item = batch->encoded.empty() ? batch->failed.back().file.path : batch->encoded.back().path;
        progress.perSecond = elapsed > 0 ? encoded / elapsed : 0;
        const double rate = elapsed > 0 ? committed / elapsed : 0;
        progress.etaSeconds = rate > 0 ? (total - committed) / rate : -1;
        control.report(progress);
    }
    const double elapsed = secondsSince(encodeStart);
    summary.imagesPerSecond = elapsed > 0 ? encoded / elapsed : 0;
    return committed;
}

PhotoIndexer::PhotoIndexer(PhotoLibrary& library, ClipEmbedder& embedder, std::string modelPath)
    : library_(library), embedder_(embedder), modelPath_(std::move(modelPath)) {}

IndexSummary PhotoIndexer::run(const std::vector<std::string>& folders, const IndexOptions& options,
                               const JobControl& control) {
    const auto start = Clock::now();
    IndexSummary summary;
    const LibraryDatabase& db = library_.database();
    auto fail = [&](const PathProblem& problem) {
        summary.failures.push_back(problem);
        ++summary.failed;
        control.problem(problem.path, problem.reason);
    };
    auto finish = [&] {
        summary.cancelled = control.cancelled();
        summary.seconds = secondsSince(start);
        if (library_.index()) summary.indexDescription = library_.index()->describe();
        return summary;
    };

    for (const auto& folder : folders) {
        std::error_code ec;
        if (!std::filesystem::is_directory(folder, ec))
            throw std::runtime_error(folder + (std::filesystem::exists(folder, ec) ? ": not a folder" : ": no such folder"));
    }
    library_.useModel(identifyModel(modelPath_, embedder_.files().weights, embedder_.config(), db.currentModel()));
    const std::vector<ScanScope> scopes = library_.addFolders(folders, options.includeHidden);

    // Scan every folder first: the change plan needs all of them to recognise moves between them.
    ScanResult scanned;
    std::vector<std::vector<PathProblem>> problemsByScope;
    for (const auto& scope : scopes) {
        ScanResult r = scanPhotos(scope.path, ScanOptions{scope.includeHidden}, [&](const std::string& dir, std::int64_t found) {
            JobProgress progress;
            progress.stage = JobStage::Scanning;
            progress.done = static_cast<std::int64_t>(scanned.files.size()) + found;
            progress.item = dir;
            return control.report(progress);
        });
        if (r.cancelled) return finish();
        // The folder's count, now complete: nothing is left of its scan (etaSeconds 0).
        JobProgress scannedScope;
        scannedScope.stage = JobStage::Scanning;
        scannedScope.done = scannedScope.total = static_cast<std::int64_t>(scanned.files.size() + r.files.size());
        scannedScope.etaSeconds = 0;
        scannedScope.item = scope.path;
        if (!control.report(scannedScope)) return finish();
        for (const auto& [extension, count] : r.unsupported) summary.skippedUnsupported[extension] += count;
        for (const auto& p : r.problems) fail(p);
        problemsByScope.push_back(r.problems);
        if (r.rootMissing) scanned.unreadableFolders.push_back(scope.path);  // e.g. an unmounted drive: keep its photos
        scanned.unreadableFolders.insert(scanned.unreadableFolders.end(), r.unreadableFolders.begin(), r.unreadableFolders.end());
        scanned.files.insert(scanned.files.end(), std::make_move_iterator(r.files.begin()), std::make_move_iterator(r.files.end()));
        summary.rawCompanions.insert(summary.rawCompanions.end(), r.rawCompanions.begin(), r.rawCompanions.end());
    }

    std::vector<PhotoRecord> known;
    for (const auto& scope : scopes) {
        auto rows = db.photosUnder(scope.path);
        known.insert(known.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
    }
    const ChangePlan plan = planChanges(known, scanned, options.retryFailed,
                                        [](const std::string& path) { return fingerprintFile(path); });

    std::vector<EncodeJob> jobs;
    std::vector<std::int64_t> removed;
    for (const auto& r : plan.removed) removed.push_back(r.id);
    library_.removePhotos(removed);
    ScanRecord record;
    for (const auto& m : plan.moved) record.moved.push_back({m.record.id, folderOf(scopes, m.file.path), m.file});
    for (const auto& f : plan.added) record.added.push_back({folderOf(scopes, f.path), f});
    for (std::size_t i = 0; i < scopes.size(); ++i)
        record.problems.push_back({scopes[i].folderId, scopes[i].path, problemsByScope[i]});
    const auto addedIds = library_.recordScan(record);
    for (std::size_t i = 0; i < plan.added.size(); ++i) jobs.push_back({addedIds[i], plan.added[i], true, false});
    for (const auto& c : plan.changed)
        jobs.push_back({c.record.id, c.file, c.record.state == PhotoState::Pending, c.record.state == PhotoState::Indexed});
    summary.removed = static_cast<std::int64_t>(plan.removed.size());
    summary.moved = static_cast<std::int64_t>(plan.moved.size());
    summary.unchanged = plan.unchanged;
    const std::int64_t done = encode(jobs, options, control, summary);

    JobProgress finishing;
    finishing.stage = JobStage::Finishing;
    finishing.done = done;
    finishing.total = static_cast<std::int64_t>(jobs.size());
    control.report(finishing);
    library_.rebuildIndexIfOutgrown();
    library_.saveIndex();
    return finish();
}

}  // namespace clipdesk
