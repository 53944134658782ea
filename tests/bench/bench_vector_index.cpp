// Vector index benchmark for the photo library: exact (IndexFlatIP) against IVF-Flat and
// HNSW-Flat on synthetic CLIP-like embeddings. For each collection size it reports build /
// train time, index memory, single-query latency (p50/p95/p99, k = 10, a fixed number of
// OpenMP threads) and recall@10 against the exact search, one JSON line per configuration
// on stdout and a readable table on stderr. A last line per size recommends the cheapest
// configuration that meets the latency and recall targets.
//
//   clipdesk-bench-vector-index [--sizes 10000,100000,1000000] [--threads 2]
//                               [--text-encode-ms 4.8] [--hnsw-max-n 100000]
//
// The vectors: a hierarchical mixture of Gaussians on the unit sphere in 512 dimensions,
// resembling CLIP image embeddings of a photo library rather than uniform noise:
//     x = normalise(a*g + b*topic + c*cluster + d*burst + s*style + e*noise)
// g is a direction shared by every photo (CLIP embeddings sit in a narrow cone), 64
// topics, N/250 clusters (lognormal sizes) each under one topic, bursts of ~8 near-duplicate
// photos inside a cluster, a continuous "style" component in a shared 48-dimensional
// subspace (60 % of it common to a burst) that cuts across clusters, and isotropic noise.
// Squared weights 0.30, 0.12, 0.16, 0.08, 0.24, 0.10: expected cosines about 0.30 between
// unrelated photos, 0.42 within a topic, 0.58 within a cluster and 0.80 within a burst.
// Queries: half are new photos of an existing burst ("more like this"), half are
// text-like: a cluster/topic concept with some style, pushed along a separate "modality"
// direction so that the best match scores ~0.3-0.4, as a CLIP text query does.
// Real embeddings are less cleanly clustered than any such model: treat the nprobe /
// efSearch that reach the recall target here as a lower bound and check on real data.
// The ground truth is IndexFlatIP (exact). Every figure depends only on --seed.

#include "clip/model/cpu_runtime.h"
#include "library/vector_index.h"

#include <faiss/Index.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexShards.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using idx_t = faiss::Index::idx_t;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// ---------------------------------------------------------------- options

struct Options {
    std::vector<long> sizes{10000, 100000, 1000000};
    int dim = 512;
    int k = 10;
    int threads = 2;
    std::vector<int> searchThreads;  // empty: {threads}
    int queries = 1000;          // recall is averaged over these
    int latencyQueries = 300;    // single-query timings (a subset of the queries)
    int flatLatencyQueries = 60; // at >= 1M the exact scan is slow
    std::vector<int> nprobes{1, 2, 4, 8, 16, 32, 64, 128};
    std::vector<long> nlists;    // empty: about sqrt(N) and 4*sqrt(N), powers of two
    std::vector<int> ivfParallelModes{0, 1};
    std::vector<int> hnswM{16, 32};
    int efConstruction = 40;
    std::vector<int> efSearch{16, 32, 64, 128, 256};
    long hnswMaxN = 100000;
    bool shardedFlat = true;
    double targetP95Ms = 20.0;
    double targetRecall = 0.95;
    std::optional<double> textEncodeMs;
    std::uint64_t seed = 20240501;
};

[[noreturn]] void usage(const std::string& error) {
    if (!error.empty()) std::cerr << "clipdesk-bench-vector-index: " << error << "\n";
    std::cerr << R"(usage: clipdesk-bench-vector-index [options]
  --sizes LIST             collection sizes (default 10000,100000,1000000)
  --threads N              OpenMP threads for building and batch search (default 2)
  --search-threads LIST    OpenMP threads of the single-query timings (default: --threads);
                           e.g. 2,1 times each configuration both ways
  --queries N              queries for recall@10 (default 1000)
  --latency-queries N      single-query timings per configuration (default 300)
  --flat-latency-queries N single-query timings of the exact scan at >= 1M (default 60)
  --nlist LIST             IVF list counts (default: ~sqrt(N) and ~4*sqrt(N))
  --nprobe LIST            IVF nprobe values (default 1,2,4,8,16,32,64,128)
  --ivf-parallel-modes LIST  FAISS IndexIVF::parallel_mode values (default 0,1;
                           0 = over queries, 1 = over the probed lists of one query)
  --hnsw-m LIST            HNSW M values (default 16,32)
  --ef-construction N      HNSW efConstruction (default 40)
  --ef-search LIST         HNSW efSearch values (default 16,32,64,128,256)
  --hnsw-max-n N           build HNSW only up to this size (default 100000)
  --no-sharded-flat        skip the exact scan split over --threads shards
  --target-p95-ms X        latency target for the recommendation (default 20)
  --target-recall X        recall@10 target for the recommendation (default 0.95)
  --text-encode-ms X       text-encode latency (clipdesk-bench-encode) to add to the
                           query latency: fields p50/p95_with_text_ms
  --seed N                 data seed
)";
    std::exit(2);
}

template <typename T>
std::vector<T> parseList(const std::string& s) {
    std::vector<T> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.empty()) continue;
        double v = std::stod(item);
        if (item.back() == 'k' || item.back() == 'K') v *= 1e3;
        if (item.back() == 'm' || item.back() == 'M') v *= 1e6;
        out.push_back(static_cast<T>(v));
    }
    return out;
}

Options parseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage("missing value for " + a);
            return argv[++i];
        };
        try {
            if (a == "--sizes") o.sizes = parseList<long>(value());
            else if (a == "--threads") o.threads = std::stoi(value());
            else if (a == "--search-threads") o.searchThreads = parseList<int>(value());
            else if (a == "--queries") o.queries = std::stoi(value());
            else if (a == "--latency-queries") o.latencyQueries = std::stoi(value());
            else if (a == "--flat-latency-queries") o.flatLatencyQueries = std::stoi(value());
            else if (a == "--nlist") o.nlists = parseList<long>(value());
            else if (a == "--nprobe") o.nprobes = parseList<int>(value());
            else if (a == "--ivf-parallel-modes") o.ivfParallelModes = parseList<int>(value());
            else if (a == "--hnsw-m") o.hnswM = parseList<int>(value());
            else if (a == "--ef-construction") o.efConstruction = std::stoi(value());
            else if (a == "--ef-search") o.efSearch = parseList<int>(value());
            else if (a == "--hnsw-max-n") o.hnswMaxN = static_cast<long>(std::stod(value()));
            else if (a == "--no-sharded-flat") o.shardedFlat = false;
            else if (a == "--target-p95-ms") o.targetP95Ms = std::stod(value());
            else if (a == "--target-recall") o.targetRecall = std::stod(value());
            else if (a == "--text-encode-ms") o.textEncodeMs = std::stod(value());
            else if (a == "--seed") o.seed = std::stoull(value());
            else if (a == "--help" || a == "-h") usage("");
            else usage("unknown option " + a);
        } catch (const std::invalid_argument&) {
            usage("bad value for " + a);
        }
    }
    if (o.sizes.empty() || o.threads < 1 || o.queries < 1 || o.latencyQueries < 1 || o.k < 1) usage("bad option value");
    if (o.searchThreads.empty()) o.searchThreads = {o.threads};
    o.latencyQueries = std::min(o.latencyQueries, o.queries);
    o.flatLatencyQueries = std::min(o.flatLatencyQueries, o.latencyQueries);
    return o;
}

// ---------------------------------------------------------------- JSON output

class Json {
public:
    Json& add(const std::string& key, const std::string& v) { return raw(key, "\"" + v + "\""); }
    Json& add(const std::string& key, const char* v) { return add(key, std::string(v)); }
    Json& add(const std::string& key, double v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        return raw(key, std::isfinite(v) ? buf : "null");
    }
    Json& add(const std::string& key, long v) { return raw(key, std::to_string(v)); }
    Json& add(const std::string& key, int v) { return raw(key, std::to_string(v)); }
    Json& add(const std::string& key, bool v) { return raw(key, v ? "true" : "false"); }
    Json& add(const std::string& key, const Json& v) { return raw(key, v.str()); }
    Json& raw(const std::string& key, const std::string& text) {
        body_ += (body_.empty() ? "" : ",") + ("\"" + key + "\":") + text;
        return *this;
    }
    std::string str() const { return "{" + body_ + "}"; }

private:
    std::string body_;
};

void emit(const Json& j) { std::cout << j.str() << std::endl; }

// ---------------------------------------------------------------- memory

long rssKb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

// Counts the bytes of a serialised index without storing them.
struct CountingWriter : faiss::IOWriter {
    size_t bytes = 0;
    size_t operator()(const void*, size_t size, size_t nitems) override {
        bytes += size * nitems;
        return nitems;
    }
};

size_t indexBytes(const faiss::Index& index) {
    CountingWriter w;
    faiss::write_index(&index, &w);
    return w.bytes;
}

// ---------------------------------------------------------------- synthetic embeddings

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    std::uint64_t z = a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void normalise(float* v, int d) {
    double s = 0;
    for (int i = 0; i < d; ++i) s += double(v[i]) * v[i];
    const float inv = static_cast<float>(1.0 / std::sqrt(std::max(s, 1e-30)));
    for (int i = 0; i < d; ++i) v[i] *= inv;
}

void randomUnit(std::mt19937_64& rng, float* v, int d) {
    std::normal_distribution<float> n(0.f, 1.f);
    for (int i = 0; i < d; ++i) v[i] = n(rng);
    normalise(v, d);
}

struct Dataset {
    int d = 0;
    long n = 0;
    std::vector<float> base;     // n x d, unit rows
    std::vector<float> queries;  // nq x d, unit rows
};

// Squared weights of the components; they sum to 1.
constexpr double kWeightGlobal = 0.30, kWeightTopic = 0.12, kWeightCluster = 0.16, kWeightBurst = 0.08,
                 kWeightStyle = 0.24, kWeightNoise = 0.10;
constexpr int kStyleDims = 48;         // shared low-rank "style" subspace (light, colour, framing, ...)
constexpr double kStyleShared = 0.6;   // share of a photo's style variance common to its burst

Dataset makeDataset(long n, int d, int nq, std::uint64_t seed) {
    Dataset ds;
    ds.d = d;
    ds.n = n;
    const int topics = 64;
    const long clusters = std::max<long>(32, n / 250);
    std::mt19937_64 rng(mix(seed, 1));
    std::vector<float> global(d), modality(d), topicDir(size_t(topics) * d), clusterDir(size_t(clusters) * d),
        styleDir(size_t(kStyleDims) * d);
    randomUnit(rng, global.data(), d);
    randomUnit(rng, modality.data(), d);
    for (int j = 0; j < kStyleDims; ++j) randomUnit(rng, &styleDir[size_t(j) * d], d);
    for (int t = 0; t < topics; ++t) randomUnit(rng, &topicDir[size_t(t) * d], d);
    std::vector<int> clusterTopic(clusters);
    std::vector<double> clusterWeight(clusters);
    std::lognormal_distribution<double> sizeSpread(0.0, 1.0);
    std::uniform_int_distribution<int> anyTopic(0, topics - 1);
    for (long c = 0; c < clusters; ++c) {
        randomUnit(rng, &clusterDir[size_t(c) * d], d);
        clusterTopic[c] = anyTopic(rng);
        clusterWeight[c] = sizeSpread(rng);
    }
    // Bursts (near-duplicate groups): sizes 1 + geometric (mean 8), in cluster-weighted order.
    struct Burst { long cluster, offset, size; };
    std::vector<Burst> bursts;
    std::discrete_distribution<long> pickCluster(clusterWeight.begin(), clusterWeight.end());
    std::geometric_distribution<long> burstExtra(1.0 / 8.0);
    for (long offset = 0; offset < n;) {
        const long size = std::min(n - offset, 1 + burstExtra(rng));
        bursts.push_back({pickCluster(rng), offset, size});
        offset += size;
    }
    const float wg = std::sqrt(kWeightGlobal), wt = std::sqrt(kWeightTopic), wc = std::sqrt(kWeightCluster),
                wb = std::sqrt(kWeightBurst), ws = std::sqrt(kWeightStyle), wn = std::sqrt(kWeightNoise);
    // out += weight * (style coordinates z in the shared subspace), |z| ~ sqrt(kStyleDims)
    auto addStyle = [&](const float* z, float weight, float* out) {
        const float k = weight / std::sqrt(float(kStyleDims));
        for (int j = 0; j < kStyleDims; ++j) {
            const float* u = &styleDir[size_t(j) * d];
            const float a = k * z[j];
            for (int i = 0; i < d; ++i) out[i] += a * u[i];
        }
    };
    // A burst: its direction and the style its photos share, drawn from the burst's own generator.
    struct BurstDraw { std::vector<float> dir, style; };
    auto drawBurst = [&](std::mt19937_64& r) {
        BurstDraw bd{std::vector<float>(d), std::vector<float>(kStyleDims)};
        randomUnit(r, bd.dir.data(), d);
        std::normal_distribution<float> n01(0.f, 1.f);
        for (auto& z : bd.style) z = n01(r);
        return bd;
    };
    // One photo of a burst: the burst's direction and style, its own style jitter and noise.
    auto photo = [&](std::mt19937_64& r, const Burst& b, const BurstDraw& bd, float* out) {
        std::normal_distribution<float> noise(0.f, 1.f / std::sqrt(float(d)));
        std::normal_distribution<float> n01(0.f, 1.f);
        const float* t = &topicDir[size_t(clusterTopic[b.cluster]) * d];
        const float* c = &clusterDir[size_t(b.cluster) * d];
        float z[kStyleDims];
        for (int j = 0; j < kStyleDims; ++j)
            z[j] = std::sqrt(float(kStyleShared)) * bd.style[j] + std::sqrt(float(1 - kStyleShared)) * n01(r);
        for (int i = 0; i < d; ++i)
            out[i] = wg * global[i] + wt * t[i] + wc * c[i] + wb * bd.dir[i] + wn * noise(r);
        addStyle(z, ws, out);
        normalise(out, d);
    };

    ds.base.resize(size_t(n) * d);
#pragma omp parallel for schedule(dynamic, 64)
    for (long bi = 0; bi < long(bursts.size()); ++bi) {
        const Burst& b = bursts[bi];
        std::mt19937_64 r(mix(seed, 1000 + bi));
        const BurstDraw bd = drawBurst(r);
        for (long j = 0; j < b.size; ++j) photo(r, b, bd, &ds.base[size_t(b.offset + j) * d]);
    }

    ds.queries.resize(size_t(nq) * d);
    std::uniform_int_distribution<long> anyBurst(0, long(bursts.size()) - 1);
    for (int q = 0; q < nq; ++q) {
        std::mt19937_64 r(mix(seed ^ 0x5151, q));
        float* out = &ds.queries[size_t(q) * d];
        if (q % 2 == 0) {  // another photo of an existing burst
            const Burst& b = bursts[anyBurst(r)];
            std::mt19937_64 rb(mix(seed, 1000 + (&b - bursts.data())));
            photo(r, b, drawBurst(rb), out);  // the same burst draw as its photos
        } else {  // a text-like concept: topic + cluster + some style, offset along the modality direction
            const long c = pickCluster(r);
            const float* t = &topicDir[size_t(clusterTopic[c]) * d];
            const float* cd = &clusterDir[size_t(c) * d];
            std::normal_distribution<float> noise(0.f, 1.f / std::sqrt(float(d)));
            std::normal_distribution<float> n01(0.f, 1.f);
            std::vector<float> concept(d);
            for (int i = 0; i < d; ++i) concept[i] = 0.55f * t[i] + 0.65f * cd[i] + 0.3f * noise(r) + 0.2f * global[i];
            float z[kStyleDims];
            for (auto& v : z) v = n01(r);
            addStyle(z, 0.45f, concept.data());
            normalise(concept.data(), d);
            for (int i = 0; i < d; ++i) out[i] = 0.55f * concept[i] + 0.835f * modality[i];
            normalise(out, d);
        }
    }
    return ds;
}

// ---------------------------------------------------------------- measuring

struct Latency {
    double p50 = 0, p95 = 0, p99 = 0, mean = 0;
    int runs = 0;
    int threads = 0;  // OpenMP threads of the searching thread
};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, static_cast<size_t>(std::ceil(p * v.size())) - (p > 0 ? 1 : 0));
    return v[i];
}

// Times `count` single-query searches (k results each), one query after the other.
Latency timeSingleQueries(const faiss::Index& index, const Dataset& ds, int count, int k) {
    std::vector<float> dist(k);
    std::vector<idx_t> ids(k);
    for (int i = 0; i < std::min(count, 5); ++i) index.search(1, &ds.queries[size_t(i) * ds.d], k, dist.data(), ids.data());
    std::vector<double> ms;
    ms.reserve(count);
    for (int i = 0; i < count; ++i) {
        const auto t = Clock::now();
        index.search(1, &ds.queries[size_t(i) * ds.d], k, dist.data(), ids.data());
        ms.push_back(1000 * secondsSince(t));
    }
    Latency l;
    l.runs = count;
    l.threads = omp_get_max_threads();
    l.p50 = percentile(ms, 0.50);
    l.p95 = percentile(ms, 0.95);
    l.p99 = percentile(ms, 0.99);
    l.mean = std::accumulate(ms.begin(), ms.end(), 0.0) / ms.size();
    return l;
}

std::vector<idx_t> searchAll(const faiss::Index& index, const Dataset& ds, int nq, int k) {
    std::vector<float> dist(size_t(nq) * k);
    std::vector<idx_t> ids(size_t(nq) * k);
    index.search(nq, ds.queries.data(), k, dist.data(), ids.data());
    return ids;
}

// Recall@k over the queries q with q % every == first (every = 1: all of them).
double recallAtK(const std::vector<idx_t>& found, const std::vector<idx_t>& truth, int nq, int k, int every = 1,
                 int first = 0) {
    long hits = 0, counted = 0;
    for (int q = first; q < nq; q += every) {
        ++counted;
        std::unordered_set<idx_t> t(truth.begin() + size_t(q) * k, truth.begin() + size_t(q + 1) * k);
        for (int j = 0; j < k; ++j) hits += t.count(found[size_t(q) * k + j]);
    }
    return double(hits) / (double(std::max(1L, counted)) * k);
}

struct Result {
    std::string index;
    std::string params;
    double buildSeconds = 0;
    size_t bytes = 0;
    Latency latency;
    double recall = 0;
};

// ---------------------------------------------------------------- the benchmark

class Bench {
public:
    explicit Bench(const Options& o) : o_(o) {}

    void runSize(long n) {
        const auto t0 = Clock::now();
        const Dataset ds = makeDataset(n, o_.dim, o_.queries, mix(o_.seed, n));
        const double genSeconds = secondsSince(t0);

        // Exact search: ground truth (batched, BLAS) and single-query latency.
        auto flatStart = Clock::now();
        const long rss0 = rssKb();
        auto flat = std::make_unique<faiss::IndexFlatIP>(ds.d);
        flat->add(n, ds.base.data());
        const double flatBuild = secondsSince(flatStart);
        const long flatRssKb = rssKb() - rss0;
        const auto gtStart = Clock::now();
        std::vector<float> gtDist(size_t(o_.queries) * o_.k);
        truth_.assign(size_t(o_.queries) * o_.k, -1);
        flat->search(o_.queries, ds.queries.data(), o_.k, gtDist.data(), truth_.data());
        const double gtSeconds = secondsSince(gtStart);
        describeDataset(ds, gtDist, genSeconds, gtSeconds);

        std::vector<Result> results;
        const int flatRuns = n >= 1000000 ? o_.flatLatencyQueries : o_.latencyQueries;
        const size_t flatBytes = indexBytes(*flat);
        for (const auto& lat : timeEach(*flat, ds, flatRuns))
            results.push_back(report(n, "Flat", "", flatBuild, flatBytes, flatRssKb, lat, 1.0, {}));
        flat.reset();

        // What the library itself builds for n photos (clipdesk::VectorIndex with its default
        // parameters, and with 8-bit IVF lists), searched the way PhotoSearch searches it.
        for (const auto encoding : {clipdesk::IvfEncoding::Flat, clipdesk::IvfEncoding::Sq8}) {
            clipdesk::VectorIndexParams params;
            params.ivfEncoding = encoding;
            if (encoding == clipdesk::IvfEncoding::Sq8 && params.kindFor(n) == clipdesk::VectorIndexKind::Flat) continue;
            const long rss = rssKb();
            const auto t = Clock::now();
            auto source = [&](const clipdesk::VectorIndex::VectorVisitor& visit) {
                for (long i = 0; i < n; ++i) visit(i, &ds.base[size_t(i) * ds.d]);
            };
            const clipdesk::VectorIndex index = clipdesk::VectorIndex::build(ds.d, n, source, params);
            const double build = secondsSince(t);
            const long rssDelta = rssKb() - rss;
            std::vector<idx_t> found(size_t(o_.queries) * o_.k, -1);
            for (int q = 0; q < o_.queries; ++q) {
                const auto hits = index.search(&ds.queries[size_t(q) * ds.d], o_.k);
                for (size_t j = 0; j < hits.size() && j < size_t(o_.k); ++j) found[size_t(q) * o_.k + j] = hits[j].id;
            }
            std::vector<double> ms;
            for (int i = 0; i < o_.latencyQueries; ++i) {
                const auto q0 = Clock::now();
                index.search(&ds.queries[size_t(i % o_.queries) * ds.d], o_.k);
                ms.push_back(1000 * secondsSince(q0));
            }
            Latency lat;
            lat.runs = o_.latencyQueries;
            lat.threads = omp_get_max_threads();
            lat.p50 = percentile(ms, 0.50);
            lat.p95 = percentile(ms, 0.95);
            lat.p99 = percentile(ms, 0.99);
            lat.mean = std::accumulate(ms.begin(), ms.end(), 0.0) / ms.size();
            results.push_back(report(n, "Clipdesk", index.describe(), build, 0, rssDelta, lat,
                                     recallAtK(found, truth_, o_.queries, o_.k),
                                     Json().add("library_default", encoding == clipdesk::IvfEncoding::Flat)
                                         .add("describe", index.describe())));
        }

        if (o_.shardedFlat && o_.threads > 1) {
            // The exact scan of one query runs on one thread in FAISS; split the collection into
            // one shard per thread so a single query uses them all.
            const auto t = Clock::now();
            const long rss = rssKb();
            std::vector<std::unique_ptr<faiss::IndexFlatIP>> parts;  // outlives the shards
            faiss::IndexShards shards(ds.d, /*threaded=*/true, /*successive_ids=*/true);
            for (int s = 0; s < o_.threads; ++s) {
                parts.push_back(std::make_unique<faiss::IndexFlatIP>(ds.d));
                const long a = n * s / o_.threads, b = n * (s + 1) / o_.threads;
                parts.back()->add(b - a, &ds.base[size_t(a) * ds.d]);
                shards.add_shard(parts.back().get());
            }
            const double build = secondsSince(t);
            const long rssDelta = rssKb() - rss;
            // One query: each shard scans its part on its own (non-OpenMP) worker thread.
            const auto lat = timeSingleQueries(shards, ds, flatRuns, o_.k);
            size_t bytes = 0;
            for (auto& p : parts) bytes += indexBytes(*p);
            results.push_back(report(n, "Flat", "shards=" + std::to_string(o_.threads), build, bytes, rssDelta, lat,
                                     recallAtK(searchAll(shards, ds, o_.queries, o_.k), truth_, o_.queries, o_.k),
                                     Json().add("shards", o_.threads)));
        }

        for (long nlist : nlistsFor(n)) {
            const long rss = rssKb();
            faiss::IndexFlatIP quantizer(ds.d);
            faiss::IndexIVFFlat ivf(&quantizer, ds.d, nlist, faiss::METRIC_INNER_PRODUCT);
            ivf.cp.spherical = true;  // unit-length centroids for inner-product search
            ivf.cp.niter = 20;
            // FAISS samples at most max_points_per_centroid (256) per list; 64 per list is
            // plenty for these clusters and keeps k-means on 2 cores to about a minute at 1M.
            const long trainN = std::min<long>(n, 64 * nlist);
            ivf.cp.max_points_per_centroid = 64;
            std::vector<float> trainSet = sample(ds, trainN);
            const auto tTrain = Clock::now();
            ivf.train(trainN, trainSet.data());
            const double trainSeconds = secondsSince(tTrain);
            trainSet.clear();
            trainSet.shrink_to_fit();
            const auto tAdd = Clock::now();
            ivf.add(n, ds.base.data());
            const double addSeconds = secondsSince(tAdd);
            const long rssDelta = rssKb() - rss;
            const size_t bytes = indexBytes(ivf);
            for (int nprobe : o_.nprobes) {
                if (nprobe > nlist) continue;
                ivf.nprobe = nprobe;
                ivf.parallel_mode = 0;
                const auto found = searchAll(ivf, ds, o_.queries, o_.k);
                const double recall = recallAtK(found, truth_, o_.queries, o_.k);
                const Json byKind = recallByKind(found);
                for (int mode : o_.ivfParallelModes) {
                    ivf.parallel_mode = mode;
                    for (const auto& lat : timeEach(ivf, ds, o_.latencyQueries)) {
                    if (mode != 0 && lat.threads == 1) continue;  // the same as mode 0
                    results.push_back(report(
                        n, "IVF" + std::to_string(nlist) + ",Flat",
                        "nprobe=" + std::to_string(nprobe) + " pmode=" + std::to_string(mode),
                        trainSeconds + addSeconds, bytes, rssDelta, lat, recall,
                        Json().add("nlist", nlist).add("nprobe", nprobe).add("parallel_mode", mode)
                            .add("train_s", trainSeconds).add("add_s", addSeconds).add("train_points", trainN)
                            .add("recall_by_query_kind", byKind)));
                    }
                }
            }
        }

        for (int m : o_.hnswM) {
            if (n > o_.hnswMaxN) {
                Json j;
                j.add("bench", "vector_index").add("n", n).add("index", "HNSW" + std::to_string(m) + ",Flat")
                    .add("skipped", true)
                    .add("reason", "n > --hnsw-max-n " + std::to_string(o_.hnswMaxN) +
                                       " (insertion is slow with this FAISS build; see the build_s at smaller n)");
                emit(j);
                continue;
            }
            const long rss = rssKb();
            faiss::IndexHNSWFlat hnsw(ds.d, m, faiss::METRIC_INNER_PRODUCT);
            hnsw.hnsw.efConstruction = o_.efConstruction;
            const auto t = Clock::now();
            hnsw.add(n, ds.base.data());
            const double build = secondsSince(t);
            const long rssDelta = rssKb() - rss;
            const size_t bytes = indexBytes(hnsw);
            for (int ef : o_.efSearch) {
                hnsw.hnsw.efSearch = std::max(ef, o_.k);
                const auto found = searchAll(hnsw, ds, o_.queries, o_.k);
                const double recall = recallAtK(found, truth_, o_.queries, o_.k);
                const Json byKind = recallByKind(found);
                for (const auto& lat : timeEach(hnsw, ds, o_.latencyQueries))
                    results.push_back(report(n, "HNSW" + std::to_string(m) + ",Flat", "efSearch=" + std::to_string(ef),
                                             build, bytes, rssDelta, lat, recall,
                                             Json().add("M", m).add("efConstruction", o_.efConstruction).add("efSearch", ef)
                                                 .add("recall_by_query_kind", byKind)));
            }
        }
        recommend(n, results);
    }

private:
    // Queries alternate: even = another photo of a burst, odd = a text-like concept.
    Json recallByKind(const std::vector<idx_t>& found) const {
        return Json().add("photo", recallAtK(found, truth_, o_.queries, o_.k, 2, 0))
            .add("text", recallAtK(found, truth_, o_.queries, o_.k, 2, 1));
    }

    // Single-query timings with each --search-threads count (OpenMP's per-thread setting).
    std::vector<Latency> timeEach(const faiss::Index& index, const Dataset& ds, int runs) const {
        std::vector<Latency> out;
        for (int t : o_.searchThreads) {
            omp_set_num_threads(t);
            out.push_back(timeSingleQueries(index, ds, runs, o_.k));
        }
        omp_set_num_threads(o_.threads);
        return out;
    }

    std::vector<long> nlistsFor(long n) const {
        if (!o_.nlists.empty()) return o_.nlists;
        // powers of two nearest sqrt(n) and 4*sqrt(n)
        const double r = std::sqrt(double(n));
        const long a = 1L << std::lround(std::log2(r));
        return {a, 4 * a};
    }

    std::vector<float> sample(const Dataset& ds, long count) const {
        std::vector<long> ids(ds.n);
        std::iota(ids.begin(), ids.end(), 0);
        std::mt19937_64 r(mix(o_.seed, 77));
        std::shuffle(ids.begin(), ids.end(), r);
        std::vector<float> out(size_t(count) * ds.d);
        for (long i = 0; i < count; ++i)
            std::memcpy(&out[size_t(i) * ds.d], &ds.base[size_t(ids[i]) * ds.d], sizeof(float) * ds.d);
        return out;
    }

    void describeDataset(const Dataset& ds, const std::vector<float>& gtDist, double genSeconds, double gtSeconds) {
        // cosine of random pairs, and of each query's 1st and 10th exact neighbour
        std::mt19937_64 r(mix(o_.seed, 5));
        std::uniform_int_distribution<long> any(0, ds.n - 1);
        double pairSum = 0;
        const int pairs = 20000;
        for (int i = 0; i < pairs; ++i) {
            const float* a = &ds.base[size_t(any(r)) * ds.d];
            const float* b = &ds.base[size_t(any(r)) * ds.d];
            double s = 0;
            for (int j = 0; j < ds.d; ++j) s += double(a[j]) * b[j];
            pairSum += s;
        }
        double top1[2] = {0, 0}, top10[2] = {0, 0};
        for (int q = 0; q < o_.queries; ++q) {
            top1[q % 2] += gtDist[size_t(q) * o_.k];
            top10[q % 2] += gtDist[size_t(q) * o_.k + o_.k - 1];
        }
        const double half[2] = {double((o_.queries + 1) / 2), double(o_.queries / 2)};
        Json j;
        j.add("bench", "vector_index").add("figure", "dataset").add("n", ds.n).add("dim", ds.d)
            .add("kind", "hierarchical Gaussian mixture on the unit sphere (global cone, 64 topics, n/250 clusters, "
                         "bursts of ~8)")
            .add("mean_cos_random_pair", pairSum / pairs)
            .add("photo_queries_mean_top1_cos", top1[0] / half[0]).add("photo_queries_mean_top10_cos", top10[0] / half[0])
            .add("text_queries_mean_top1_cos", top1[1] / std::max(1.0, half[1]))
            .add("text_queries_mean_top10_cos", top10[1] / std::max(1.0, half[1]))
            .add("queries", o_.queries).add("generate_s", genSeconds).add("ground_truth_s", gtSeconds)
            .add("threads", o_.threads);
        emit(j);
        std::fprintf(stderr, "\nN = %ld (data %.1f s, exact ground truth for %d queries %.1f s)\n", ds.n, genSeconds,
                     o_.queries, gtSeconds);
        std::fprintf(stderr, "  %-16s %-18s %3s %9s %9s %8s %8s %9s\n", "index", "params", "thr", "build_s", "MB",
                     "p50_ms", "p95_ms", "recall@10");
    }

    Result report(long n, const std::string& index, const std::string& params, double build, size_t bytes, long rssDeltaKb,
                  const Latency& lat, double recall, const Json& extra) {
        Json j;
        j.add("bench", "vector_index").add("n", n).add("dim", o_.dim).add("index", index).raw("params", extra.str())
            .add("build_s", build).add("index_mb", bytes / 1048576.0).add("rss_delta_mb", rssDeltaKb / 1024.0)
            .add("k", o_.k).add("threads", o_.threads).add("search_threads", lat.threads).add("latency_queries", lat.runs)
            .add("p50_ms", lat.p50).add("p95_ms", lat.p95).add("p99_ms", lat.p99).add("mean_ms", lat.mean)
            .add("recall_at_10", recall).add("queries", o_.queries);
        if (o_.textEncodeMs)
            j.add("text_encode_ms", *o_.textEncodeMs).add("p50_with_text_ms", lat.p50 + *o_.textEncodeMs)
                .add("p95_with_text_ms", lat.p95 + *o_.textEncodeMs);
        emit(j);
        std::fprintf(stderr, "  %-16s %-18s %3d %9.2f %9.1f %8.3f %8.3f %9.4f\n", index.c_str(), params.c_str(), lat.threads,
                     build, bytes / 1048576.0, lat.p50, lat.p95, recall);
        return {index, params + " threads=" + std::to_string(lat.threads), build, bytes, lat, recall};
    }

    // The fastest (by p95) configuration meeting both targets.
    void recommend(long n, const std::vector<Result>& results) {
        const Result* best = nullptr;
        for (const auto& r : results)
            if (r.latency.p95 <= o_.targetP95Ms && r.recall >= o_.targetRecall && (!best || r.latency.p95 < best->latency.p95))
                best = &r;
        const Result& exact = results.front();
        Json j;
        j.add("bench", "vector_index").add("figure", "recommendation").add("n", n).add("target_p95_ms", o_.targetP95Ms)
            .add("target_recall_at_10", o_.targetRecall).add("flat_p95_ms", exact.latency.p95)
            .add("flat_meets_target", exact.latency.p95 <= o_.targetP95Ms);
        if (best)
            j.add("best_index", best->index).add("best_params", best->params).add("best_p95_ms", best->latency.p95)
                .add("best_recall_at_10", best->recall).add("best_build_s", best->buildSeconds)
                .add("best_index_mb", best->bytes / 1048576.0);
        else
            j.add("best_index", "none meets the targets");
        if (o_.textEncodeMs && best) j.add("best_p95_with_text_ms", best->latency.p95 + *o_.textEncodeMs);
        emit(j);
        std::fprintf(stderr, "  -> %s %s (p95 %.2f ms, recall %.4f)\n", best ? best->index.c_str() : "none",
                     best ? best->params.c_str() : "", best ? best->latency.p95 : 0.0, best ? best->recall : 0.0);
    }

    const Options& o_;
    std::vector<idx_t> truth_;
};

}  // namespace

int main(int argc, char** argv) {
    clipdesk::tuneCpuRuntime(argv);
    const Options o = parseOptions(argc, argv);
    omp_set_num_threads(o.threads);
    Json start;
    start.add("bench", "vector_index").add("figure", "setup").add("threads", o.threads).add("k", o.k)
        .add("dim", o.dim).add("seed", long(o.seed)).add("hnsw_max_n", o.hnswMaxN)
        .add("faiss", std::to_string(FAISS_VERSION_MAJOR) + "." + std::to_string(FAISS_VERSION_MINOR) + "." +
                          std::to_string(FAISS_VERSION_PATCH));
    emit(start);
    Bench bench(o);
    for (long n : o.sizes) bench.runSize(n);
    return 0;
}
