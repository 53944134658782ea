#pragma once
// Use case: near-duplicates. Groups photos whose stored embeddings lie closer than a maximum
// cosine distance (library/near_duplicates.h: the index's range search, union-find), with what
// a review shows of each photo and the suggested keeper; then marks the others (a `duplicate`
// tag, or hidden from results) or forgets the ones the user moved to the trash.
//
// The distance is kept per model: the one the user chose for the library's model
// (duplicate_settings), else the model's default (defaultDuplicateMaxDistance). Plain values:
// the window's jobs carry them (no LibTorch here).

#include "base/job_control.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clipdesk {

class LibrarySession;

// The tag markDuplicates(Tag) gives.
inline constexpr const char* kDuplicateTag = "duplicate";

struct DuplicatePhoto {
    std::int64_t photoId = 0;
    std::string path;
    std::string folder;
    int width = 0;                       // 0 when unknown
    int height = 0;
    std::int64_t fileSize = 0;
    std::optional<std::string> takenAt;  // "YYYY-MM-DD HH:MM:SS" when the photo records it
    double distance = 0;                 // cosine distance to the keeper (0 for the keeper)
};

// The keeper first (largest resolution, then largest file, then the first path), the others
// by path.
struct DuplicateGroup {
    std::vector<DuplicatePhoto> photos;
    const DuplicatePhoto& keeper() const { return photos.front(); }
};

struct DuplicateDistance {
    double maxDistance = 0;   // what findDuplicates uses when the request names none
    double modelDefault = 0;  // the model's default
    bool chosen = false;      // maxDistance is the user's choice for this model
    std::string model;        // the model's name
};

struct DuplicatesRequest {
    std::optional<double> maxDistance;  // empty: the model's chosen or default distance
    bool remember = false;              // store maxDistance as the choice for this model
};

struct DuplicatesResult {
    double maxDistance = 0;
    std::string model;
    std::int64_t photosCompared = 0;  // indexed photos, hidden ones left out
    std::vector<DuplicateGroup> groups;
};

enum class DuplicateMark { Tag, Hide };

// The default maximum cosine distance for a model (by its configuration's name).
double defaultDuplicateMaxDistance(const std::string& modelName);

// Throws UseCaseError (NoIndexedPhotos) for a library without a model.
DuplicateDistance duplicateDistance(LibrarySession& session);

// Throws UseCaseError (NoIndexedPhotos; InvalidThreshold, subject "threshold", for a distance
// that is not finite or outside [0, 2]); JobCancelled when cancelled (nothing is written).
DuplicatesResult findDuplicates(LibrarySession& session, const DuplicatesRequest& request, const JobControl& control);

// Tags (kDuplicateTag, manual and accepted) or hides the photos; returns how many.
std::int64_t markDuplicates(LibrarySession& session, const std::vector<std::int64_t>& photoIds, DuplicateMark mark);

// After the front end moved photos to the trash: drops those whose file is gone from the
// library (a file still on disk is kept). Holds the writer lock; returns how many were dropped.
std::int64_t forgetTrashedPhotos(LibrarySession& session, const std::vector<std::int64_t>& photoIds);

}  // namespace clipdesk
