#pragma once
// Tags in the library database: cached label embeddings per (model, template set, label), and
// one tag row per (photo, tag) with its score, source, the model and template set that made it,
// and the user's decision. Automatic runs replace only automatic, undecided rows: manual tags
// and accepted or rejected ones are never overwritten.
//
// A library's TagStore is reached through PhotoLibrary::tags(): the library is the only writer
// of its database. Every writing call is one transaction. Tag rows need no writer lock (they do
// not touch photo states or the vector index), so photos can be labelled while indexing runs.

#include "library/library_database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clipdesk {

enum class TagSource : int { ZeroShot = 0, FewShot = 1, Manual = 2 };
enum class TagDecision : int { None = 0, Accepted = 1, Rejected = 2 };

const char* tagSourceName(TagSource source);      // "zero-shot", "few-shot", "manual"
const char* tagDecisionName(TagDecision decision);  // "none", "accepted", "rejected"

struct NewTag {
    std::int64_t photoId = 0;
    std::string tag;
    double score = 0;
    std::optional<double> cosine;
};

struct TagRecord {
    std::int64_t photoId = 0;
    std::string path;
    std::string tag;
    TagSource source = TagSource::ZeroShot;
    TagDecision decision = TagDecision::None;
    std::optional<double> score;
    std::optional<double> cosine;
    std::string model;        // the model's name, empty for manual tags
    std::string templateSet;  // empty for few-shot and manual tags
};

// What wrote a set of automatic tags: the method, the model, the template set ("" for few-shot).
struct AutomaticRun {
    TagSource source;
    std::int64_t modelId = 0;
    std::string templateSet;
};

struct WriteSummary {
    std::int64_t written = 0;  // rows inserted or replaced
    std::int64_t kept = 0;     // proposals skipped because a manual or decided row exists
    std::int64_t removed = 0;  // stale automatic rows of the run's labels on its photos
};

struct PhotoKeywords {
    std::int64_t photoId = 0;
    std::vector<std::string> tags;
};

class TagStore {
public:

    // Cached label embeddings (embedDim floats) of `labels` for the model and template set;
    // nullopt where none is cached.
    std::vector<std::optional<std::vector<float>>> cachedLabelEmbeddings(std::int64_t modelId,
                                                                        const std::string& templateSet,
                                                                        const std::vector<std::string>& labels) const;
    // Caches the embeddings of `labels`: `rows` holds labels.size() rows of embedDim floats.
    // The cache is bounded (labelCacheLimitBytes() of vectors): past the bound, the least
    // recently used rows are removed down to three quarters of it, and the file is compacted
    // when that freed much space.
    void storeLabelEmbeddings(std::int64_t modelId, const std::string& templateSet,
                              const std::vector<std::string>& labels, const float* rows, int embedDim);
    // Marks cached `labels` as used now, so that they are the last to be removed.
    void touchLabelEmbeddings(std::int64_t modelId, const std::string& templateSet,
                              const std::vector<std::string>& labels);
    static constexpr std::int64_t kDefaultLabelCacheLimitBytes = 64ll << 20;
    std::int64_t labelCacheLimitBytes() const { return labelCacheLimitBytes_; }
    void setLabelCacheLimitBytes(std::int64_t bytes) { labelCacheLimitBytes_ = bytes; }

    // One automatic run, in one transaction: drops the automatic, undecided rows of `run.source`
    // for `labels` on `photoIds`, then writes `tags` except where a manual or decided row exists.
    WriteSummary writeAutomaticTags(const AutomaticRun& run, const std::vector<std::string>& labels,
                                    const std::vector<std::int64_t>& photoIds, const std::vector<NewTag>& tags);

    // The user's word on a tag: Accepted adds it as a manual tag when the photo has no row for
    // it; Rejected keeps a row that hides it and stops automatic runs from proposing it again.
    // decideAll and addManualTags store the tag's checkedTagName (TagNameError for a bad name,
    // before anything is written).
    void decideAll(const std::vector<std::int64_t>& photoIds, const std::string& tag, TagDecision decision);
    // Manual tags (e.g. imported keywords), accepted; existing rows become manual and accepted.
    // Returns, per entry, how many rows were added or changed.
    std::vector<std::int64_t> addManualTags(const std::vector<PhotoKeywords>& photos);

    // Tags of photos at or below `prefix` (every photo when empty), by path then score.
    std::vector<TagRecord> tagsUnder(const std::string& prefix, bool includeRejected = true) const;
    // Tags of photos at or below any of `scope` (normalised paths; every photo when empty).
    std::vector<TagRecord> tagsIn(const std::vector<std::string>& scope, bool includeRejected) const;
    // Photos carrying `tag` (rejected rows left out), ascending ids.
    std::vector<std::int64_t> photosWithTag(const std::string& tag) const;
    // Every tag of the library that some photo carries (rejected rows left out), sorted.
    std::vector<std::string> tagNames() const;

private:
    friend class PhotoLibrary;
    explicit TagStore(LibraryDatabase& db) : db_(db) {}

    std::int64_t nextLabelClock();
    void evictLabelEmbeddings();

    LibraryDatabase& db_;
    std::int64_t labelCacheLimitBytes_ = kDefaultLabelCacheLimitBytes;
    std::optional<std::int64_t> labelCacheBytes_;  // what the cache holds, at least
};

}  // namespace clipdesk
