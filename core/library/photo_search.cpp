#include "library/photo_search.h"

#include "base/file_stamp.h"

#include "library/library_paths.h"

#include <torch/torch.h>

#include <sys/stat.h>

#include <algorithm>
#include <iterator>
#include <cmath>

namespace clipdesk {
namespace {

// A folder with at most this many photos is scored exactly from its stored embeddings
// (one streamed read) rather than by over-fetching from the whole index.
constexpr std::size_t kExactFolderSearchMax = 20'000;
constexpr int kOverFetchFactor = 4;

float dot(const float* a, const float* b, int n) {
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += double{a[i]} * b[i];
    return static_cast<float>(sum);
}

std::vector<float> toVector(const torch::Tensor& row) {
    const auto t = row.to(torch::kFloat).contiguous();
    return {t.data_ptr<float>(), t.data_ptr<float>() + t.numel()};
}

}  // namespace

PhotoSearch::PhotoSearch(const PhotoLibrary& library, ClipEmbedder* embedder, TaggedPhotoLookup taggedPhotos)
    : library_(library), embedder_(embedder), taggedPhotos_(std::move(taggedPhotos)) {}

bool PhotoSearch::isHidden(std::int64_t photoId) const {
    return std::binary_search(hidden_.begin(), hidden_.end(), photoId);
}

ClipEmbedder& PhotoSearch::requireEmbedder(const char* why) {
    if (!embedder_) throw std::runtime_error(std::string("a model is needed to ") + why);
    return *embedder_;
}

std::optional<std::vector<float>> PhotoSearch::storedEmbedding(const std::string& imagePath) {
    const std::string path = normalisedPath(imagePath);
    auto& db = library_.database();
    const auto stamp = statFile(path);
    if (!stamp) return std::nullopt;
    const auto photo = db.photoByPath(path);
    if (!photo || photo->state != PhotoState::Indexed || FileStamp{photo->size, photo->mtimeNs} != *stamp)
        return std::nullopt;
    auto stored = db.embedding(photo->id);
    if (stored.empty()) return std::nullopt;
    return stored;
}

std::vector<float> PhotoSearch::imageEmbedding(const std::string& imagePath) {
    if (auto stored = storedEmbedding(imagePath)) return std::move(*stored);
    auto& embedder = requireEmbedder("encode a query image that is not in the library");
    torch::Tensor pixels;
    try {
        pixels = embedder.pixelsFromFile(normalisedPath(imagePath), DecodeFidelity::Full);
    } catch (const ImageDecodeError& e) {
        throw std::runtime_error(imagePath + ": cannot use it as the query image: " + e.reason());
    }
    const auto row = embedder.embedPixels(pixels.unsqueeze(0))[0];
    if (!isUsableEmbedding(row)) throw std::runtime_error(imagePath + ": " + unusableEmbeddingReason("this image"));
    return toVector(row);
}

std::vector<float> PhotoSearch::queryEmbedding(const std::vector<QueryConcept>& concepts) {
    std::vector<std::string> texts;
    for (const auto& c : concepts)
        if (c.kind == QueryConcept::Kind::Text) texts.push_back(c.text);
    torch::Tensor textEmbeddings;
    if (!texts.empty()) textEmbeddings = requireEmbedder("embed text queries").embedTexts(texts);

    std::vector<double> sum;
    std::size_t textRow = 0;
    for (const auto& c : concepts) {
        const auto v = c.kind == QueryConcept::Kind::Text ? toVector(textEmbeddings[static_cast<long>(textRow++)])
                                                          : imageEmbedding(c.text);
        if (sum.empty()) sum.assign(v.size(), 0.0);
        for (std::size_t i = 0; i < v.size(); ++i) sum[i] += c.weight * v[i];
    }
    double norm = 0;
    for (double x : sum) norm += x * x;
    norm = std::sqrt(norm);
    if (!(norm > 1e-12)) throw std::runtime_error("the query's concepts cancel out; give a positive concept more weight");
    std::vector<float> query(sum.size());
    for (std::size_t i = 0; i < sum.size(); ++i) query[i] = static_cast<float>(sum[i] / norm);
    return query;
}

std::vector<SearchHit> PhotoSearch::searchText(const std::string& query, const SearchOptions& options) {
    return searchEmbedding(queryEmbedding(parseQuery(query)), options);
}

std::vector<SearchHit> PhotoSearch::searchImage(const std::string& imagePath, const SearchOptions& options) {
    return searchEmbedding(imageEmbedding(imagePath), options);
}

std::vector<SearchHit> PhotoSearch::exactSearch(const std::vector<float>& query, const std::vector<std::int64_t>& ids,
                                                const SearchOptions& options) {
    std::vector<SearchHit> hits;
    const int dim = static_cast<int>(query.size());
    library_.database().forEachEmbeddingOf(ids, [&](std::int64_t id, const float* v) {
        if (isHidden(id)) return;
        const float score = dot(query.data(), v, dim);
        if (!options.minScore || score >= *options.minScore) hits.push_back({id, {}, score, {}});
    });
    const std::size_t k = std::min(hits.size(), static_cast<std::size_t>(std::max(0, options.k)));
    std::partial_sort(hits.begin(), hits.begin() + static_cast<long>(k), hits.end(),
                      [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
    hits.resize(k);
    return hits;
}

std::vector<SearchHit> PhotoSearch::indexSearch(const std::vector<float>& query, const std::vector<std::int64_t>* allowed,
                                                const SearchOptions& options) {
    const VectorIndex& index = *library_.index();
    const auto k = static_cast<std::size_t>(options.k);
    // Approximate scores (IVF-SQ8) are replaced by exact ones from the stored embeddings.
    const bool rescore = !index.exactScores();
    const bool filtered = allowed || !hidden_.empty();
    std::int64_t fetch = options.k * (!filtered && !rescore ? 1 : kOverFetchFactor);
    for (;;) {
        const auto candidates = index.search(query.data(), fetch);
        std::vector<SearchHit> ranked;
        if (rescore) {
            std::vector<std::int64_t> ids;
            for (const auto& c : candidates) ids.push_back(c.id);
            SearchOptions all;
            all.k = static_cast<int>(ids.size());
            ranked = exactSearch(query, ids, all);
        } else {
            for (const auto& c : candidates) ranked.push_back({c.id, {}, c.score, {}});
        }
        std::vector<SearchHit> hits;
        for (auto& h : ranked) {
            if (options.minScore && h.score < *options.minScore) break;  // ranked best first
            if (allowed && !std::binary_search(allowed->begin(), allowed->end(), h.photoId)) continue;
            if (isHidden(h.photoId)) continue;
            hits.push_back(std::move(h));
            if (hits.size() == k) break;
        }
        const bool exhausted = static_cast<std::int64_t>(candidates.size()) < fetch || fetch >= index.size();
        const bool belowMinimum = options.minScore && !ranked.empty() && ranked.back().score < *options.minScore;
        if (hits.size() >= k || exhausted || belowMinimum) return hits;
        fetch *= kOverFetchFactor;
    }
}

std::optional<std::vector<std::int64_t>> PhotoSearch::allowedPhotos(const SearchOptions& options) {
    auto& db = library_.database();
    std::optional<std::vector<std::int64_t>> allowed;
    const auto narrow = [&allowed](std::vector<std::int64_t> ids) {
        if (!allowed) {
            allowed = std::move(ids);
            return;
        }
        std::vector<std::int64_t> both;
        std::set_intersection(allowed->begin(), allowed->end(), ids.begin(), ids.end(), std::back_inserter(both));
        allowed = std::move(both);
    };
    if (!options.tag.empty()) {
        if (!taggedPhotos_) throw std::logic_error("PhotoSearch: a tag filter needs a TaggedPhotoLookup");
        auto tagged = taggedPhotos_(options.tag);
        std::sort(tagged.begin(), tagged.end());
        narrow(std::move(tagged));
    }
    if (!options.folder.empty()) narrow(db.indexedPhotoIdsUnder(normalisedPath(options.folder)));
    if (!options.taken.isOpen()) narrow(db.indexedPhotoIdsTaken(options.taken));
    return allowed;
}

std::vector<SearchHit> PhotoSearch::finish(std::vector<SearchHit> hits, const SearchOptions& options) {
    auto& db = library_.database();
    std::vector<std::int64_t> ids;
    ids.reserve(hits.size());
    for (const auto& h : hits) ids.push_back(h.photoId);
    auto dates = db.photoDates(ids);
    for (std::size_t i = 0; i < hits.size(); ++i) {
        if (hits[i].path.empty()) hits[i].path = db.photoPath(hits[i].photoId).value_or("");
        hits[i].date = std::move(dates[i]);
    }
    // Ties keep the score order.
    switch (options.order) {
    case ResultOrder::Score:
        break;
    case ResultOrder::NewestFirst:
        std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.date.local > b.date.local; });
        break;
    case ResultOrder::OldestFirst:
        std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.date.local < b.date.local; });
        break;
    case ResultOrder::Folder:
        std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.path < b.path; });
        break;
    }
    return hits;
}

std::vector<SearchHit> PhotoSearch::searchEmbedding(const std::vector<float>& query, const SearchOptions& options) {
    const VectorIndex* index = library_.index();
    if (!index || index->size() == 0 || options.k <= 0) return {};
    if (static_cast<int>(query.size()) != index->dim())
        throw std::runtime_error("the query embedding has " + std::to_string(query.size()) +
                                 " dimensions but the library's model has " + std::to_string(index->dim()));
    hidden_ = library_.database().hiddenPhotoIds();  // the review's "hide from results"
    const auto allowed = allowedPhotos(options);
    if (allowed && allowed->empty()) return {};
    std::vector<SearchHit> hits;
    if (allowed && allowed->size() <= kExactFolderSearchMax)
        hits = exactSearch(query, *allowed, options);
    else
        hits = indexSearch(query, allowed ? &*allowed : nullptr, options);
    return finish(std::move(hits), options);
}

std::vector<SearchHit> PhotoSearch::browse(const SearchOptions& options) {
    if (options.k <= 0) return {};
    hidden_ = library_.database().hiddenPhotoIds();
    const auto allowed = allowedPhotos(options);
    std::vector<SearchHit> hits;
    const auto k = static_cast<std::size_t>(options.k);
    const bool filtered = allowed || !hidden_.empty();
    for (const std::int64_t id : library_.database().indexedPhotoIdsInOrder(options.order, filtered ? -1 : options.k)) {
        if (allowed && !std::binary_search(allowed->begin(), allowed->end(), id)) continue;
        if (isHidden(id)) continue;
        hits.push_back({id, {}, 0.f, {}});
        if (hits.size() == k) break;
    }
    SearchOptions kept = options;
    kept.order = ResultOrder::Score;  // already in order
    return finish(std::move(hits), kept);
}

}  // namespace clipdesk
