#pragma once
// Downloads a catalogue model into a ModelStore. Files are fetched into the staging folder
// ".<id>.download" (each through its own resumable, verified .part); when all are verified
// the staging folder is renamed to <id>/. A model installed earlier stays untouched until
// that moment, so a failed or cancelled download never harms it. One download per model
// at a time (an flock on ".<id>.lock").

#include "catalogue/model_catalogue.h"
#include "catalogue/model_store.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "base/job_control.h"

namespace clipdesk {


struct InstallOptions {
    std::string mirror;                   // base URL of a mirror (see mirror_url.h); "" downloads from the original URLs
    std::uint64_t maxBytesPerSecond = 0;  // 0: unlimited
};

struct InstallResult {
    std::filesystem::path dir;           // the installed model folder
    bool cancelled = false;
    std::uint64_t bytesTransferred = 0;  // received in this run
    std::uint64_t bytesResumed = 0;      // taken over from earlier partial downloads
    std::uint64_t bytes = 0;             // size of the installed model
    double seconds = 0;
};

// Throws DownloadError / CatalogueError / std::runtime_error with a message naming the file.
// `control` hears Downloading progress: item = the path inside the model folder being fetched,
// part/parts = that file (0-based) of how many, done/total = bytes of the whole model (total 0
// until every size is known), perSecond = bytes per second. Cancelling stops the transfer and
// keeps the .part files for the next run (result.cancelled).
InstallResult installModel(const CatalogueEntry& entry, const ModelStore& store, const InstallOptions& options,
                           const JobControl& control);

}  // namespace clipdesk
