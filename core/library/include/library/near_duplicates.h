#pragma once
// Groups of near-duplicate photos: every stored vector is a range query against the library's
// vector index (FAISS range search, in batches), and each pair closer than the maximum cosine
// distance joins its two photos' groups (union-find). Never compares all pairs: a flat index
// scans every vector per query, an IVF index only the lists it probes.

#include "base/job_control.h"
#include "library/vector_index.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace clipdesk {

struct NearDuplicateOptions {
    double maxDistance = 0.01;            // cosine distance (1 - cosine similarity), inclusive
    std::int64_t queriesPerBatch = 4096;  // range queries per FAISS call (progress, cancel between)
    // Lists an IVF index probes per query. Two copies within a small distance are almost the
    // same point, so they fall in the same k-means list unless they straddle a boundary, which
    // the second-nearest list covers: the index's own nprobe (16, for recall of ordinary
    // searches) scanned 8x as much for the same groups (tests/bench/bench_near_duplicates.cpp).
    int ivfProbes = 2;
    // Photos left out as queries and as neighbours (e.g. hidden ones); may be empty.
    std::function<bool(std::int64_t id)> skip;
};

// Groups of at least two ids, each ascending, ordered by their first id. `vectors` visits the
// vectors the index holds (the library's stored embeddings); `total` is their count, for
// progress (JobStage::Scoring, done = vectors queried). Throws JobCancelled when cancelled.
std::vector<std::vector<std::int64_t>> groupNearDuplicates(const VectorIndex& index, const VectorIndex::VectorSource& vectors,
                                                           std::int64_t total, const NearDuplicateOptions& options,
                                                           const JobControl* control = nullptr);

}  // namespace clipdesk
