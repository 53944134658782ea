#pragma once
// Progress and cancelling of the tagging steps (base/job_control.h): label encoding reports
// (EncodingLabels, labels encoded, labels to encode) and scoring (Scoring, photos scored,
// photos); a cancelled job stops at the next report with JobCancelled. What finished before
// (label embeddings already cached) is kept; nothing of a cancelled run is written.

#include "base/job_control.h"

#include <cstdint>

namespace clipdesk {

// Reports to `control` (if any); throws JobCancelled when it was cancelled.
inline void reportTaggingProgress(const JobControl* control, JobStage stage, std::int64_t done, std::int64_t total) {
    if (control) control->reportOrThrow(JobProgress{stage, done, total, {}});
}

}  // namespace clipdesk
