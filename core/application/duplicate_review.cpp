#include "application/duplicate_review.h"

#include "application/library_session.h"
#include "application/use_case_error.h"
#include "library/near_duplicates.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <unordered_map>

namespace clipdesk {
namespace {

// Trained CLIP checkpoints: immich measured a maximum cosine distance of 0.0155 on ViT-B-32
// (its author's "datasets with closely similar assets", immich PR #9781) and lowered the default
// to 0.01 a month later (PR #10703, no reasoning recorded beyond its title; immich's reports
// show why: distinct but similar shots, bursts or one scene a moment apart, grouped as
// duplicates, e.g. #31487). The review makes a looser value one step away.
constexpr double kClipMaxDistance = 0.01;

// Models whose distances are on another scale. tests/core/library/test_near_duplicates
// measures, on the shared sample photos, the largest distance of a variant (JPEG quality 50,
// half size) to its original and the smallest between two different photos.
struct ModelDefault {
    const char* name;
    double maxDistance;
};
constexpr ModelDefault kModelDefaults[] = {
    // The bundled 28 px grey Fashion-MNIST model: variants within 0.0003, different photos at
    // least 0.077 apart. Tighter than CLIP's: at 28 px grey, unrelated photos of a similar
    // layout meet far more easily than under a trained 224 px CLIP.
    {"clipdesk-mini", 0.005},
};

void requireDistance(double value) {
    if (!std::isfinite(value) || value < 0 || value > 2)
        throw UseCaseError(UseCaseProblem::InvalidThreshold, "threshold",
                           "the duplicate distance must be a number from 0 to 2 (cosine distance), not " +
                               std::to_string(value));
}

const ModelIdentity& requireModel(LibrarySession& session, std::optional<ModelIdentity>& holder) {
    holder = session.library().database().currentModel();
    const std::string dir = session.library().files().dir.string();
    if (!holder || !session.library().index())
        throw UseCaseError(UseCaseProblem::NoIndexedPhotos, dir, dir + ": the library has no indexed photos yet");
    return *holder;
}

double dot(const std::vector<float>& a, const std::vector<float>& b) {
    double sum = 0;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) sum += double{a[i]} * b[i];
    return sum;
}

DuplicateGroup describeGroup(const LibraryDatabase& db, int dim, const std::vector<std::int64_t>& ids) {
    DuplicateGroup group;
    for (auto& d : db.photoDetails(ids))
        group.photos.push_back({d.id, std::move(d.path), std::move(d.folder), d.width, d.height, d.fileSize,
                                std::move(d.takenAt), 0});
    const auto better = [](const DuplicatePhoto& a, const DuplicatePhoto& b) {
        const auto pixelsA = std::int64_t{a.width} * a.height, pixelsB = std::int64_t{b.width} * b.height;
        if (pixelsA != pixelsB) return pixelsA > pixelsB;
        if (a.fileSize != b.fileSize) return a.fileSize > b.fileSize;
        return a.path < b.path;
    };
    const auto keeper = std::min_element(group.photos.begin(), group.photos.end(), better);
    if (keeper == group.photos.end()) return group;
    std::iter_swap(group.photos.begin(), keeper);
    std::sort(group.photos.begin() + 1, group.photos.end(),
              [](const DuplicatePhoto& a, const DuplicatePhoto& b) { return a.path < b.path; });
    std::unordered_map<std::int64_t, std::vector<float>> vectors;
    db.forEachEmbeddingOf(ids, [&](std::int64_t id, const float* v) {
        vectors[id].assign(v, v + dim);
    });
    const auto& keep = vectors[group.photos.front().photoId];
    for (auto& p : group.photos) p.distance = std::max(0.0, 1.0 - dot(keep, vectors[p.photoId]));
    group.photos.front().distance = 0;
    return group;
}

}  // namespace

double defaultDuplicateMaxDistance(const std::string& modelName) {
    for (const auto& d : kModelDefaults)
        if (modelName == d.name) return d.maxDistance;
    return kClipMaxDistance;
}

DuplicateDistance duplicateDistance(LibrarySession& session) {
    std::optional<ModelIdentity> model;
    const auto& identity = requireModel(session, model);
    const auto& db = session.library().database();
    DuplicateDistance out;
    out.model = identity.name;
    out.modelDefault = defaultDuplicateMaxDistance(identity.name);
    const auto chosen = db.duplicateMaxDistance(db.currentModelId());
    out.chosen = chosen.has_value();
    out.maxDistance = chosen.value_or(out.modelDefault);
    return out;
}

DuplicatesResult findDuplicates(LibrarySession& session, const DuplicatesRequest& request, const JobControl& control) {
    if (request.maxDistance) requireDistance(*request.maxDistance);
    const auto distance = duplicateDistance(session);
    DuplicatesResult result;
    result.model = distance.model;
    result.maxDistance = request.maxDistance.value_or(distance.maxDistance);
    auto& library = session.library();
    const auto& db = library.database();
    const auto hidden = db.hiddenPhotoIds();
    NearDuplicateOptions options;
    options.maxDistance = result.maxDistance;
    options.skip = [&hidden](std::int64_t id) { return std::binary_search(hidden.begin(), hidden.end(), id); };
    const auto source = [&](const VectorIndex::VectorVisitor& visit) {
        db.forEachEmbedding([&](std::int64_t id, const float* v) {
            if (!options.skip(id)) ++result.photosCompared;
            visit(id, v);
        });
    };
    const auto groups = groupNearDuplicates(*library.index(), source, db.indexedCount(), options, &control);
    for (const auto& ids : groups) result.groups.push_back(describeGroup(db, library.index()->dim(), ids));
    if (request.remember && request.maxDistance) library.setDuplicateMaxDistance(*request.maxDistance);
    return result;
}

std::int64_t markDuplicates(LibrarySession& session, const std::vector<std::int64_t>& photoIds, DuplicateMark mark) {
    auto& library = session.library();
    if (mark == DuplicateMark::Hide) {
        library.setHidden(photoIds, true);
        return static_cast<std::int64_t>(photoIds.size());
    }
    std::vector<PhotoKeywords> keywords;
    for (const auto id : photoIds) keywords.push_back({id, {kDuplicateTag}});
    library.tags().addManualTags(keywords);
    return static_cast<std::int64_t>(photoIds.size());
}

std::int64_t forgetTrashedPhotos(LibrarySession& session, const std::vector<std::int64_t>& photoIds) {
    const auto lock = session.lockForWriting();
    auto& library = session.library();
    std::vector<std::int64_t> gone;
    for (const auto& d : library.database().photoDetails(photoIds)) {
        std::error_code ec;
        if (!std::filesystem::exists(d.path, ec) && !ec) gone.push_back(d.id);
    }
    library.removePhotos(gone);
    return static_cast<std::int64_t>(gone.size());
}

}  // namespace clipdesk
