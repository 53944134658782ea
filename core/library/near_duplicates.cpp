#include "library/near_duplicates.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace clipdesk {
namespace {

// Union-find over the ids that have at least one near neighbour (sparse: most photos have none).
class DisjointSets {
public:
    std::int64_t find(std::int64_t id) {
        auto it = parent_.find(id);
        if (it == parent_.end()) {
            parent_.emplace(id, id);
            return id;
        }
        std::int64_t root = id;
        while (parent_[root] != root) root = parent_[root];
        while (parent_[id] != root) id = std::exchange(parent_[id], root);  // path compression
        return root;
    }
    void unite(std::int64_t a, std::int64_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent_[std::max(a, b)] = std::min(a, b);
    }
    std::vector<std::vector<std::int64_t>> groups() {
        std::unordered_map<std::int64_t, std::vector<std::int64_t>> byRoot;
        std::vector<std::int64_t> ids;
        ids.reserve(parent_.size());
        for (const auto& [id, parent] : parent_) ids.push_back(id);
        for (const auto id : ids) byRoot[find(id)].push_back(id);
        std::vector<std::vector<std::int64_t>> out;
        for (auto& [root, members] : byRoot) {
            if (members.size() < 2) continue;
            std::sort(members.begin(), members.end());
            out.push_back(std::move(members));
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.front() < b.front(); });
        return out;
    }

private:
    std::unordered_map<std::int64_t, std::int64_t> parent_;
};

}  // namespace

std::vector<std::vector<std::int64_t>> groupNearDuplicates(const VectorIndex& index, const VectorIndex::VectorSource& vectors,
                                                           std::int64_t total, const NearDuplicateOptions& options,
                                                           const JobControl* control) {
    const int dim = index.dim();
    const auto batchRows = static_cast<std::size_t>(std::max<std::int64_t>(1, options.queriesPerBatch));
    const float minScore = static_cast<float>(1.0 - options.maxDistance);
    DisjointSets sets;
    std::vector<std::int64_t> batchIds;
    std::vector<float> batch;
    batchIds.reserve(batchRows);
    batch.reserve(batchRows * static_cast<std::size_t>(dim));
    std::int64_t queried = 0;

    const auto flush = [&] {
        if (batchIds.empty()) return;
        const auto hits = index.rangeSearch(batch.data(), static_cast<std::int64_t>(batchIds.size()), minScore,
                                            options.ivfProbes);
        for (std::size_t q = 0; q < batchIds.size(); ++q)
            for (const auto& hit : hits[q])
                if (hit.id != batchIds[q] && !(options.skip && options.skip(hit.id))) sets.unite(batchIds[q], hit.id);
        queried += static_cast<std::int64_t>(batchIds.size());
        batchIds.clear();
        batch.clear();
        if (control) control->reportOrThrow(JobProgress{JobStage::Scoring, queried, total});
    };
    vectors([&](std::int64_t id, const float* vector) {
        if (options.skip && options.skip(id)) return;
        batchIds.push_back(id);
        batch.insert(batch.end(), vector, vector + dim);
        if (batchIds.size() == batchRows) flush();
    });
    flush();
    return sets.groups();
}

}  // namespace clipdesk
