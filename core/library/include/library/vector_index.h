#pragma once
// The searchable vectors: photo id -> L2-normalised embedding, scored by inner product
// (= cosine similarity). Up to VectorIndexParams::flatMaxVectors the search is exact (FAISS
// IndexFlatIP behind an id map); above it an inverted-file index (IVF-Flat: k-means lists
// over full vectors, probing a fraction of them) keeps queries fast at recall@10 >= 0.95.
//
// The file is FAISS's own serialisation followed by a 40-byte trailer ("CLDPVEC2", payload
// length, CRC-32 of payload and stamp, the stamp), written atomically; load() checks length
// and checksum before FAISS parses a byte, so a torn or damaged file is reported rather than
// crashing the parser. Files of the first format (24-byte "CLDPVEC1" trailer) load unstamped.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace faiss {
struct Index;
}

namespace clipdesk {

class VectorIndexError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class VectorIndexKind { Flat, Ivf };
// How an IVF index stores vectors: whole (exact scores) or as 8-bit scalars (a quarter of the
// memory; scores approximate, so callers re-rank the candidates with stored embeddings).
enum class IvfEncoding { Flat, Sq8 };

// The defaults are starting points that the library benchmark (tests/bench/) measures.
struct VectorIndexParams {
    std::int64_t flatMaxVectors = 50'000;  // exact search up to here
    // Measured (tests/bench/bench_vector_index.cpp, 1M CLIP-like vectors, 2 cores): nlist 1024 with
    // nprobe 16 gives recall@10 0.9995 at p95 11 ms; nlist 4000 with nprobe 125 needed 21 ms.
    double ivfListsPerSqrtN = 1.0;         // nlist = sqrt(N) when the IVF index is built
    double ivfProbeFraction = 1.0 / 64;    // nprobe = nlist / 64 ...
    int ivfMinProbes = 16;                 // ... but at least 16
    int ivfTrainingPointsPerList = 64;     // k-means sample: 64 points per list (FAISS wants 39..256),
    std::int64_t ivfMaxTrainingPoints = 131'072;  // capped to bound memory and training time
    int ivfTrainingIterations = 10;
    IvfEncoding ivfEncoding = IvfEncoding::Flat;
    double ivfRebuildGrowth = 4.0;         // rebuild once N is 4x what the lists were built for

    int listsFor(std::int64_t vectors) const;
    int probesFor(int lists) const;
    VectorIndexKind kindFor(std::int64_t vectors) const;
};

// What a saved index was built from: the library's id and the generation of its records
// (LibraryDatabase::indexStamp), so that a file saved before a crash, or another library's
// file, is recognised.
struct IndexStamp {
    std::int64_t library = 0;
    std::int64_t generation = 0;
    bool operator==(const IndexStamp& other) const {
        return library == other.library && generation == other.generation;
    }
};

struct VectorHit {
    std::int64_t id = -1;
    float score = 0;  // inner product
};

class VectorIndex {
public:
    using VectorVisitor = std::function<void(std::int64_t id, const float* vector)>;
    // Calls the visitor once per stored vector; may be called more than once.
    using VectorSource = std::function<void(const VectorVisitor&)>;

    // An empty exact index.
    explicit VectorIndex(int dim, const VectorIndexParams& params = {});
    ~VectorIndex();
    VectorIndex(VectorIndex&& other) noexcept;
    VectorIndex& operator=(VectorIndex&& other) noexcept;

    // Builds the kind that suits `count` vectors (IVF: trained on a sample of the source).
    static VectorIndex build(int dim, std::int64_t count, const VectorSource& source,
                             const VectorIndexParams& params = {});
    // Throws VectorIndexError naming the file when it is missing, truncated, damaged or not an
    // index this class writes.
    static VectorIndex load(const std::filesystem::path& file, const VectorIndexParams& params = {});
    // Atomically; first removes temporaries of `file` left by a killed save, so the caller must
    // be its only writer (PhotoLibrary saves under the library's lock).
    void save(const std::filesystem::path& file, const IndexStamp& stamp = {}) const;
    // The stamp of the file load() read; nullopt for an index built here or a first-format file.
    const std::optional<IndexStamp>& loadedStamp() const { return loadedStamp_; }

    int dim() const { return dim_; }
    std::int64_t size() const;
    VectorIndexKind kind() const { return kind_; }
    int lists() const;   // 0 for flat
    int probes() const;  // 0 for flat
    bool exactScores() const;  // false for IVF-SQ8
    std::string describe() const;  // "flat" or "ivf-flat (nlist 566, nprobe 17)"
    const VectorIndexParams& params() const { return params_; }
    // False when the size has moved far enough that build() would make a different index.
    bool suits(std::int64_t count) const;

    // `vectors` holds ids.size() rows of dim() floats. Ids must not be present already.
    void add(const std::vector<std::int64_t>& ids, const float* vectors);
    void remove(const std::vector<std::int64_t>& ids);
    std::vector<std::int64_t> ids() const;  // ascending
    // Up to k hits, best first.
    std::vector<VectorHit> search(const float* query, std::int64_t k) const;
    // For each of `count` queries (rows of dim() floats), every stored vector scoring at least
    // `minScore`, in no particular order (FAISS range search; IVF probes `probes` lists, 0: probes(),
    // so a neighbour in another list is missed). Queries run in parallel.
    std::vector<std::vector<VectorHit>> rangeSearch(const float* queries, std::int64_t count, float minScore,
                                                    int probes = 0) const;

private:
    VectorIndex(int dim, const VectorIndexParams& params, std::unique_ptr<faiss::Index> index, VectorIndexKind kind);
    void addAll(const VectorSource& source);

    int dim_ = 0;
    VectorIndexParams params_;
    std::unique_ptr<faiss::Index> index_;
    VectorIndexKind kind_ = VectorIndexKind::Flat;
    std::optional<IndexStamp> loadedStamp_;
};

}  // namespace clipdesk
