#include "library/vector_index.h"

#include "base/atomic_file.h"
#include "base/read_file.h"
#include "clip/model/compute_threads.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/AuxIndexStructures.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace clipdesk {
namespace {

constexpr char kTrailerMagicV1[8] = {'C', 'L', 'D', 'P', 'V', 'E', 'C', '1'};
constexpr std::size_t kTrailerBytesV1 = 24;  // magic, payload length (u64), CRC-32 (u32), zero (u32)
constexpr char kTrailerMagic[8] = {'C', 'L', 'D', 'P', 'V', 'E', 'C', '2'};
// magic, payload length (u64), CRC-32 of payload then stamp (u32), zero (u32), stamp: library
// (u64), generation (u64)
constexpr std::size_t kTrailerBytes = 40;
constexpr std::size_t kStampAt = 24;
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
constexpr std::int64_t kAddChunkRows = 4096;

void putLe(std::uint8_t* out, std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

std::uint64_t getLe(const std::uint8_t* in, int bytes) {
    std::uint64_t value = 0;
    for (int i = bytes - 1; i >= 0; --i) value = (value << 8) | in[i];
    return value;
}

struct ChecksummingWriter : faiss::IOWriter {
    explicit ChecksummingWriter(AtomicFileWriter& out) : out(out) {}
    size_t operator()(const void* ptr, size_t size, size_t items) override {
        const std::size_t n = size * items;
        if (n == 0) return items;  // FAISS passes empty vectors' null data(); zlib would restart the CRC on null
        out.write(ptr, n);
        crc = crc32_z(crc, static_cast<const Bytef*>(ptr), n);
        bytes += n;
        return items;
    }
    AtomicFileWriter& out;
    uLong crc = crc32_z(0, nullptr, 0);
    std::uint64_t bytes = 0;
};

// Reads at most `remaining` bytes, so FAISS never parses the trailer as index data.
struct BoundedFileReader : faiss::IOReader {
    BoundedFileReader(std::FILE* file, std::uint64_t length) : file(file), remaining(length) {}
    size_t operator()(void* ptr, size_t size, size_t items) override {
        if (size == 0) return 0;
        const std::uint64_t want = std::min<std::uint64_t>(std::uint64_t{size} * items, remaining / size * size);
        const std::size_t got = std::fread(ptr, 1, static_cast<std::size_t>(want), file);
        remaining -= got;
        return got / size;
    }
    std::FILE* file;
    std::uint64_t remaining;
};

using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

struct VerifiedFile {
    std::uint64_t payload = 0;
    std::optional<IndexStamp> stamp;
};

// Checks the trailer and the checksum; returns the payload length and the stamp.
VerifiedFile verifyFile(std::FILE* file, const std::string& name) {
    auto fail = [&](const std::string& why) { throw VectorIndexError(name + ": " + why); };
    if (std::fseek(file, 0, SEEK_END) != 0) fail(std::string("cannot read: ") + std::strerror(errno));
    const long size = std::ftell(file);
    if (size < static_cast<long>(kTrailerBytesV1)) fail("truncated (" + std::to_string(size) + " bytes)");
    std::uint8_t trailer[kTrailerBytes] = {};
    auto readTrailer = [&](std::size_t bytes) {
        if (size < static_cast<long>(bytes)) return false;
        std::fseek(file, size - static_cast<long>(bytes), SEEK_SET);
        if (std::fread(trailer, 1, bytes, file) != bytes) fail("cannot read its trailer");
        return true;
    };
    std::size_t trailerBytes = kTrailerBytes;
    if (!readTrailer(kTrailerBytes) || std::memcmp(trailer, kTrailerMagic, sizeof kTrailerMagic) != 0) {
        trailerBytes = kTrailerBytesV1;
        readTrailer(kTrailerBytesV1);
        if (std::memcmp(trailer, kTrailerMagicV1, sizeof kTrailerMagicV1) != 0)
            fail("not a Clipdesk vector index, or truncated (no end marker)");
    }
    const std::uint64_t payload = getLe(trailer + 8, 8);
    if (payload + trailerBytes != static_cast<std::uint64_t>(size))
        fail("damaged (its length does not match the length recorded in it)");
    std::rewind(file);
    std::vector<std::uint8_t> chunk(kChunkBytes);
    uLong crc = crc32_z(0, nullptr, 0);
    for (std::uint64_t left = payload; left > 0;) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
        if (std::fread(chunk.data(), 1, want, file) != want) fail("cannot read");
        crc = crc32_z(crc, chunk.data(), want);
        left -= want;
    }
    VerifiedFile verified{payload, std::nullopt};
    if (trailerBytes == kTrailerBytes) {
        crc = crc32_z(crc, trailer + kStampAt, 16);
        verified.stamp = IndexStamp{static_cast<std::int64_t>(getLe(trailer + kStampAt, 8)),
                                    static_cast<std::int64_t>(getLe(trailer + kStampAt + 8, 8))};
    }
    if (crc != getLe(trailer + 16, 4)) fail("damaged (checksum mismatch)");
    std::rewind(file);
    return verified;
}

faiss::IndexIVF* asIvf(faiss::Index* index) { return dynamic_cast<faiss::IndexIVF*>(index); }

std::unique_ptr<faiss::Index> emptyFlat(int dim) {
    auto* map = new faiss::IndexIDMap(new faiss::IndexFlatIP(dim));
    map->own_fields = true;
    return std::unique_ptr<faiss::Index>(map);
}

}  // namespace

int VectorIndexParams::listsFor(std::int64_t vectors) const {
    return std::max(1, static_cast<int>(std::lround(ivfListsPerSqrtN * std::sqrt(static_cast<double>(vectors)))));
}

int VectorIndexParams::probesFor(int lists) const {
    const int probes = static_cast<int>(std::ceil(lists * ivfProbeFraction));
    return std::min(lists, std::max(ivfMinProbes, probes));
}

VectorIndexKind VectorIndexParams::kindFor(std::int64_t vectors) const {
    return vectors <= flatMaxVectors ? VectorIndexKind::Flat : VectorIndexKind::Ivf;
}

VectorIndex::VectorIndex(int dim, const VectorIndexParams& params)
    : dim_(dim), params_(params), index_(emptyFlat(dim)), kind_(VectorIndexKind::Flat) {
    if (dim <= 0) throw std::invalid_argument("vector dimension must be positive");
}

VectorIndex::VectorIndex(int dim, const VectorIndexParams& params, std::unique_ptr<faiss::Index> index,
                         VectorIndexKind kind)
    : dim_(dim), params_(params), index_(std::move(index)), kind_(kind) {}

VectorIndex::~VectorIndex() = default;
VectorIndex::VectorIndex(VectorIndex&& other) noexcept = default;
VectorIndex& VectorIndex::operator=(VectorIndex&& other) noexcept = default;

VectorIndex VectorIndex::build(int dim, std::int64_t count, const VectorSource& source, const VectorIndexParams& params) {
    if (params.kindFor(count) == VectorIndexKind::Flat) {
        VectorIndex index(dim, params);
        index.addAll(source);
        return index;
    }

    const int lists = params.listsFor(count);
    const std::int64_t sampleSize =
        std::min({count, std::int64_t{lists} * params.ivfTrainingPointsPerList, params.ivfMaxTrainingPoints});
    // Reservoir sampling: a uniform sample whatever order the source visits photos in.
    std::vector<float> sample(static_cast<std::size_t>(sampleSize) * dim);
    std::mt19937_64 random(20240601);
    std::int64_t seen = 0;
    source([&](std::int64_t, const float* v) {
        std::int64_t slot = seen < sampleSize ? seen : std::uniform_int_distribution<std::int64_t>(0, seen)(random);
        if (slot < sampleSize) std::copy(v, v + dim, sample.begin() + slot * dim);
        ++seen;
    });
    const std::int64_t trained = std::min(seen, sampleSize);
    if (trained < lists) {  // fewer vectors than `count` promised
        VectorIndex index(dim, params);
        index.addAll(source);
        return index;
    }

    auto* quantizer = new faiss::IndexFlatIP(dim);
    std::unique_ptr<faiss::IndexIVF> ivf;
    if (params.ivfEncoding == IvfEncoding::Sq8)
        ivf = std::make_unique<faiss::IndexIVFScalarQuantizer>(quantizer, dim, lists, faiss::ScalarQuantizer::QT_8bit,
                                                               faiss::METRIC_INNER_PRODUCT);
    else
        ivf = std::make_unique<faiss::IndexIVFFlat>(quantizer, dim, lists, faiss::METRIC_INNER_PRODUCT);
    ivf->own_fields = true;
    ivf->cp.niter = params.ivfTrainingIterations;
    ivf->cp.seed = 1234;
    ivf->train(trained, sample.data());
    ivf->nprobe = params.probesFor(lists);
    sample = {};

    VectorIndex index(dim, params, std::move(ivf), VectorIndexKind::Ivf);
    index.addAll(source);
    return index;
}

void VectorIndex::addAll(const VectorSource& source) {
    std::vector<std::int64_t> ids;
    std::vector<float> rows;
    auto flush = [&] {
        add(ids, rows.data());
        ids.clear();
        rows.clear();
    };
    source([&](std::int64_t id, const float* v) {
        ids.push_back(id);
        rows.insert(rows.end(), v, v + dim_);
        if (static_cast<std::int64_t>(ids.size()) == kAddChunkRows) flush();
    });
    flush();
}

VectorIndex VectorIndex::load(const std::filesystem::path& file, const VectorIndexParams& params) {
    const std::string name = file.string();
    FilePtr in(nullptr, &std::fclose);
    try {
        in.reset(RegularFile(name).releaseToStdio());
    } catch (const FileReadError& e) {
        throw VectorIndexError(e.what());
    }
    const VerifiedFile verified = verifyFile(in.get(), name);
    BoundedFileReader reader(in.get(), verified.payload);
    std::unique_ptr<faiss::Index> index;
    try {
        index.reset(faiss::read_index(&reader));
    } catch (const std::exception& e) {
        throw VectorIndexError(name + ": FAISS cannot read it: " + e.what());
    }
    if (index->metric_type != faiss::METRIC_INNER_PRODUCT)
        throw VectorIndexError(name + ": not an inner-product index");
    if (auto* ivf = asIvf(index.get())) {
        ivf->nprobe = params.probesFor(static_cast<int>(ivf->nlist));
        const int dim = static_cast<int>(index->d);
        VectorIndex loaded(dim, params, std::move(index), VectorIndexKind::Ivf);
        loaded.loadedStamp_ = verified.stamp;
        return loaded;
    }
    auto* map = dynamic_cast<faiss::IndexIDMap*>(index.get());
    if (!map || !dynamic_cast<faiss::IndexFlat*>(map->index))
        throw VectorIndexError(name + ": an index of a kind Clipdesk does not write");
    const int dim = static_cast<int>(index->d);
    VectorIndex loaded(dim, params, std::move(index), VectorIndexKind::Flat);
    loaded.loadedStamp_ = verified.stamp;
    return loaded;
}

void VectorIndex::save(const std::filesystem::path& file, const IndexStamp& stamp) const {
    removeAbandonedTemporaries(file);  // the library's writer lock makes this the only writer
    AtomicFileWriter out(file);
    ChecksummingWriter writer(out);
    try {
        faiss::write_index(index_.get(), &writer);
    } catch (const faiss::FaissException& e) {
        throw VectorIndexError(file.string() + ": cannot write: " + e.what());
    }
    std::uint8_t trailer[kTrailerBytes] = {};
    std::memcpy(trailer, kTrailerMagic, sizeof kTrailerMagic);
    putLe(trailer + 8, writer.bytes, 8);
    putLe(trailer + kStampAt, static_cast<std::uint64_t>(stamp.library), 8);
    putLe(trailer + kStampAt + 8, static_cast<std::uint64_t>(stamp.generation), 8);
    putLe(trailer + 16, crc32_z(writer.crc, trailer + kStampAt, 16), 4);
    out.write(trailer, sizeof trailer);
    out.commit();
}

std::int64_t VectorIndex::size() const { return index_->ntotal; }

int VectorIndex::lists() const {
    const auto* ivf = asIvf(index_.get());
    return ivf ? static_cast<int>(ivf->nlist) : 0;
}

int VectorIndex::probes() const {
    const auto* ivf = asIvf(index_.get());
    return ivf ? static_cast<int>(ivf->nprobe) : 0;
}

bool VectorIndex::exactScores() const { return !dynamic_cast<const faiss::IndexIVFScalarQuantizer*>(index_.get()); }

std::string VectorIndex::describe() const {
    if (kind_ == VectorIndexKind::Flat) return "flat";
    return std::string(exactScores() ? "ivf-flat" : "ivf-sq8") + " (nlist " + std::to_string(lists()) + ", nprobe " +
           std::to_string(probes()) + ")";
}

bool VectorIndex::suits(std::int64_t count) const {
    if (kind_ == VectorIndexKind::Flat) return count <= params_.flatMaxVectors;
    // Hysteresis: a library hovering around the threshold is not rebuilt back and forth.
    if (count < params_.flatMaxVectors / 2) return false;
    const double builtFor = std::pow(lists() / params_.ivfListsPerSqrtN, 2);
    return count <= params_.ivfRebuildGrowth * builtFor;
}

void VectorIndex::add(const std::vector<std::int64_t>& ids, const float* vectors) {
    if (ids.empty()) return;
    index_->add_with_ids(static_cast<faiss::Index::idx_t>(ids.size()), vectors, ids.data());
}

void VectorIndex::remove(const std::vector<std::int64_t>& ids) {
    if (ids.empty() || index_->ntotal == 0) return;
    const faiss::IDSelectorBatch selector(ids.size(), ids.data());
    index_->remove_ids(selector);
}

std::vector<std::int64_t> VectorIndex::ids() const {
    std::vector<std::int64_t> all;
    all.reserve(static_cast<std::size_t>(index_->ntotal));
    if (const auto* ivf = asIvf(index_.get())) {
        for (std::size_t list = 0; list < ivf->nlist; ++list) {
            const std::size_t n = ivf->invlists->list_size(list);
            faiss::InvertedLists::ScopedIds listIds(ivf->invlists, list);
            all.insert(all.end(), listIds.get(), listIds.get() + n);
        }
    } else {
        const auto& map = static_cast<const faiss::IndexIDMap&>(*index_).id_map;
        all.assign(map.begin(), map.end());
    }
    std::sort(all.begin(), all.end());
    return all;
}

std::vector<VectorHit> VectorIndex::search(const float* query, std::int64_t k) const {
    k = std::min<std::int64_t>(k, index_->ntotal);
    if (k <= 0) return {};
    std::vector<float> scores(static_cast<std::size_t>(k));
    std::vector<faiss::Index::idx_t> labels(static_cast<std::size_t>(k));
    // One query is one thread's work (FAISS splits by query, and a flat scan of 100k rows or
    // 16 IVF lists take a few ms); more threads only meet at a barrier, which on a busy CPU
    // waits a time slice for the other core.
    ScopedComputeThreads oneThread(1);
    index_->search(1, query, k, scores.data(), labels.data());
    std::vector<VectorHit> hits;
    hits.reserve(static_cast<std::size_t>(k));
    for (std::int64_t i = 0; i < k; ++i)
        if (labels[i] >= 0) hits.push_back({labels[i], scores[i]});
    return hits;
}

std::vector<std::vector<VectorHit>> VectorIndex::rangeSearch(const float* queries, std::int64_t count,
                                                            float minScore, int probes) const {
    std::vector<std::vector<VectorHit>> hits(static_cast<std::size_t>(std::max<std::int64_t>(count, 0)));
    if (count <= 0 || index_->ntotal == 0) return hits;
    // FAISS keeps inner-product hits scoring above the radius (strictly); nextafter makes it "at least".
    faiss::RangeSearchResult result(static_cast<faiss::Index::idx_t>(count));
    faiss::SearchParametersIVF ivfParams;
    const bool ownProbes = probes > 0 && asIvf(index_.get());
    if (ownProbes) ivfParams.nprobe = static_cast<std::size_t>(probes);
    index_->range_search(static_cast<faiss::Index::idx_t>(count), queries,
                         std::nextafter(minScore, -std::numeric_limits<float>::infinity()), &result,
                         ownProbes ? &ivfParams : nullptr);
    for (std::int64_t q = 0; q < count; ++q)
        for (std::size_t j = result.lims[q]; j < result.lims[q + 1]; ++j)
            if (result.labels[j] >= 0) hits[static_cast<std::size_t>(q)].push_back({result.labels[j], result.distances[j]});
    return hits;
}

}  // namespace clipdesk
