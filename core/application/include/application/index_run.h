#pragma once
// Use case: bring a library up to date. Adds the given folders (checked before the model is
// loaded, so a typo fails fast), loads the model (the given one, else the library's) with the
// indexing precision policy (auto: measured, see precision_probe.h) and runs the indexer.

#include "application/model_settings.h"
#include "base/job_control.h"
#include "library/indexing_types.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace clipdesk {

struct IndexRunRequest {
    std::filesystem::path libraryDir;  // created if missing
    std::vector<std::string> folders;  // to add and scan; empty: every folder of the library
    ModelSettings model;               // path empty: the library's model, else defaultModel()
    std::function<std::string()> defaultModel;  // for a library not indexed yet (may be empty)
    IndexOptions options;              // batchSize is taken from model.batchSize
};

struct IndexRunResult {
    IndexSummary summary;
    std::string libraryDir;
    std::string repairNotice;          // what opening the library repaired, if anything
    std::string precision;             // the precision the run computed in (auto resolved)
    // What auto precision measured on a CPU (absent for fp32/bf16 chosen, or on a GPU).
    struct Probe {
        double fp32ImagesPerSecond = 0, bf16ImagesPerSecond = 0, minCosine = 0;
        std::string reason;
        bool fromCache = false;
    };
    std::optional<Probe> precisionProbe;
};

// The default precision of indexing: runs are long, the measured fastest precision pays.
inline constexpr const char* kIndexingPrecision = "auto";

// Throws UseCaseError (NoSuchFolder, NotAFolder, LibraryHasNoFolders, NoModel), LibraryError,
// or the model's loading errors. A cancelled run returns with summary.cancelled.
IndexRunResult runIndex(const IndexRunRequest& request, const JobControl& control);

}  // namespace clipdesk
