#include "change_detector.h"

#include "library/library_paths.h"

#include <map>
#include <unordered_map>

namespace clipdesk {
namespace {

bool isBelowAny(const std::string& path, const std::vector<std::string>& folders) {
    for (const auto& folder : folders)
        if (isPathUnder(path, folder)) return true;
    return false;
}

}  // namespace

ChangePlan planChanges(const std::vector<PhotoRecord>& known, const ScanResult& scan, bool retryFailed,
                       const FingerprintFunction& fingerprint) {
    ChangePlan plan;
    std::unordered_map<std::string, const PhotoRecord*> byPath;
    byPath.reserve(known.size());
    for (const auto& record : known) byPath.emplace(record.path, &record);

    std::vector<const ScannedFile*> unknown;
    for (const auto& file : scan.files) {
        const auto it = byPath.find(file.path);
        if (it == byPath.end()) {
            unknown.push_back(&file);
            continue;
        }
        const PhotoRecord& record = *it->second;
        byPath.erase(it);
        const bool sameFile = record.size == file.size && record.mtimeNs == file.mtimeNs;
        const bool done = record.state == PhotoState::Indexed || (record.state == PhotoState::Failed && !retryFailed);
        if (sameFile && done)
            ++plan.unchanged;
        else
            plan.changed.push_back({record, file});
    }

    // What was not seen is gone, unless the scan could not look (a cancelled scan, a missing
    // root such as an unmounted drive, or an unreadable folder).
    std::multimap<std::int64_t, const PhotoRecord*> vanishedBySize;
    for (const auto& [path, record] : byPath) {
        if (scan.cancelled || scan.rootMissing || isBelowAny(path, scan.unreadableFolders)) {
            ++plan.unchanged;
            continue;
        }
        vanishedBySize.emplace(record->size, record);
    }

    for (const ScannedFile* file : unknown) {
        auto [first, last] = vanishedBySize.equal_range(file->size);
        bool isMove = false;
        if (first != last) {
            const auto print = fingerprint(file->path);
            for (auto it = first; print && it != last; ++it) {
                const PhotoRecord& record = *it->second;
                if (record.state != PhotoState::Indexed || record.fingerprint != print) continue;
                plan.moved.push_back({record, *file});
                vanishedBySize.erase(it);
                isMove = true;
                break;
            }
        }
        if (!isMove) plan.added.push_back(*file);
    }
    for (const auto& [size, record] : vanishedBySize) plan.removed.push_back(*record);
    return plan;
}

}  // namespace clipdesk
