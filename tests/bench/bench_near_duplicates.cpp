// Near-duplicate grouping benchmark (issue 16): groupNearDuplicates over N stored embeddings in
// the index the library would build for N (VectorIndex::build with the library's parameters:
// IVF-Flat above 50,000 vectors), timed end to end (range queries in batches + union-find).
//
//   clipdesk-bench-near-duplicates [--vectors 100000] [--dim 512] [--threshold 0.01] [--probes 2]
//                                  [--duplicates 0.05] [--threads 0] [--flat]
//
// The vectors: clustered unit vectors resembling CLIP image embeddings of a library,
//     x = normalise(a*g + b*topic + c*cluster + e*noise)
// (a shared direction, 64 topics, N/250 clusters, isotropic noise; squared weights 0.30, 0.12,
// 0.28, 0.30: photos of one cluster at cosine ~0.7, far from duplicates), and for a fraction
// of them (--duplicates) one or two near copies, normalise(x + 0.08 * noise/|noise|) at
// cosine distance ~0.003 (a re-encode or rescale under a trained CLIP). Prints one JSON line:
// seconds to build the index and to group, groups found, and how many planted groups were
// found whole (recall) and how many found groups are not planted ones.

#include "clip/model/cpu_runtime.h"
#include "library/near_duplicates.h"
#include "library/vector_index.h"

#include <CLI/CLI.hpp>
#include <omp.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <vector>

using namespace clipdesk;

namespace {

void normalise(float* v, int dim) {
    double n = 0;
    for (int i = 0; i < dim; ++i) n += double{v[i]} * v[i];
    const double inv = 1.0 / std::sqrt(n);
    for (int i = 0; i < dim; ++i) v[i] = static_cast<float>(v[i] * inv);
}

std::vector<float> unitGaussian(std::mt19937_64& rng, int dim) {
    std::normal_distribution<float> normal;
    std::vector<float> v(static_cast<std::size_t>(dim));
    for (auto& x : v) x = normal(rng);
    normalise(v.data(), dim);
    return v;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    tuneCpuRuntime(argv);
    CLI::App app("Near-duplicate grouping over stored embeddings");
    std::int64_t count = 100'000;
    int dim = 512;
    double threshold = 0.01;
    double duplicateFraction = 0.05;
    int threads = 0;
    bool flat = false;
    int probes = NearDuplicateOptions{}.ivfProbes;
    app.add_option("--vectors", count, "Stored embeddings")->capture_default_str();
    app.add_option("--dim", dim, "Embedding dimensions")->capture_default_str();
    app.add_option("--threshold", threshold, "Maximum cosine distance")->capture_default_str();
    app.add_option("--duplicates", duplicateFraction, "Fraction of photos given near copies")->capture_default_str();
    app.add_option("--threads", threads, "OpenMP threads (0: every core)")->capture_default_str();
    app.add_flag("--flat", flat, "Exact (flat) index whatever the size");
    app.add_option("--probes", probes, "IVF lists probed per range query")->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    if (threads > 0) omp_set_num_threads(threads);

    std::mt19937_64 rng(16);
    std::normal_distribution<float> normal;
    const auto g = unitGaussian(rng, dim);
    std::vector<std::vector<float>> topics, clusters;
    for (int t = 0; t < 64; ++t) topics.push_back(unitGaussian(rng, dim));
    const auto clusterCount = std::max<std::int64_t>(1, count / 250);
    std::vector<int> clusterTopic;
    for (std::int64_t c = 0; c < clusterCount; ++c) {
        clusters.push_back(unitGaussian(rng, dim));
        clusterTopic.push_back(static_cast<int>(rng() % topics.size()));
    }
    const float a = std::sqrt(0.30f), b = std::sqrt(0.12f), c = std::sqrt(0.28f), e = std::sqrt(0.30f);
    std::vector<float> vectors(static_cast<std::size_t>(count) * dim);
    std::vector<std::int64_t> planted(static_cast<std::size_t>(count), -1);  // the group a copy belongs to
    std::uniform_real_distribution<double> uniform;
    std::int64_t plantedGroups = 0;
    for (std::int64_t i = 0; i < count;) {
        float* x = &vectors[static_cast<std::size_t>(i) * dim];
        const auto cluster = static_cast<std::size_t>(rng() % static_cast<std::uint64_t>(clusterCount));
        const auto& topic = topics[static_cast<std::size_t>(clusterTopic[cluster])];
        const auto noise = unitGaussian(rng, dim);
        for (int d = 0; d < dim; ++d)
            x[d] = a * g[d] + b * topic[d] + c * clusters[cluster][d] + e * noise[d];
        normalise(x, dim);
        const std::int64_t copies = uniform(rng) < duplicateFraction ? 1 + static_cast<std::int64_t>(rng() % 2) : 0;
        if (copies > 0 && i + copies < count) {
            for (std::int64_t k = 1; k <= copies; ++k) {
                float* y = &vectors[static_cast<std::size_t>(i + k) * dim];
                const auto jitter = unitGaussian(rng, dim);
                for (int d = 0; d < dim; ++d) y[d] = x[d] + 0.08f * jitter[d];
                normalise(y, dim);
                planted[static_cast<std::size_t>(i + k)] = plantedGroups;
            }
            planted[static_cast<std::size_t>(i)] = plantedGroups++;
            i += copies + 1;
        } else {
            ++i;
        }
    }
    const auto source = [&](const VectorIndex::VectorVisitor& visit) {
        for (std::int64_t i = 0; i < count; ++i) visit(i, &vectors[static_cast<std::size_t>(i) * dim]);
    };

    VectorIndexParams params;
    if (flat) params.flatMaxVectors = count + 1;
    auto start = std::chrono::steady_clock::now();
    const auto index = VectorIndex::build(dim, count, source, params);
    const double buildSeconds = secondsSince(start);

    NearDuplicateOptions options;
    options.maxDistance = threshold;
    options.ivfProbes = probes;
    start = std::chrono::steady_clock::now();
    const auto groups = groupNearDuplicates(index, source, count, options);
    const double groupSeconds = secondsSince(start);

    std::map<std::int64_t, std::int64_t> plantedSizes;
    for (const auto p : planted)
        if (p >= 0) ++plantedSizes[p];
    std::int64_t whole = 0, foreign = 0;
    for (const auto& group : groups) {
        const auto p = planted[static_cast<std::size_t>(group.front())];
        bool same = p >= 0 && static_cast<std::int64_t>(group.size()) == plantedSizes[p];
        for (const auto id : group) same = same && planted[static_cast<std::size_t>(id)] == p;
        (same ? whole : foreign) += 1;
    }
    nlohmann::ordered_json out{{"vectors", count},
                               {"threads", omp_get_max_threads()},
                               {"dim", dim},
                               {"index", index.describe()},
                               {"threshold", threshold},
                               {"range_probes", index.kind() == VectorIndexKind::Ivf ? probes : 0},
                               {"build_seconds", buildSeconds},
                               {"group_seconds", groupSeconds},
                               {"groups", groups.size()},
                               {"planted_groups", plantedGroups},
                               {"planted_found_whole", whole},
                               {"other_groups", foreign}};
    std::printf("%s\n", out.dump().c_str());
    return 0;
}
