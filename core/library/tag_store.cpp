#include "library/tag_store.h"

#include "library/library_paths.h"
#include "library/tag_name.h"

#include <chrono>
#include <cstring>

namespace clipdesk {
namespace {

constexpr std::size_t kRebuildTagIndexRows = 10'000;
constexpr std::int64_t kBulkWriteCacheKiB = 256 * 1024;  // an upper bound: pages are allocated as used

// SQLite's page cache raised for one bulk write, then set back.
class CacheSizeScope {
public:
    CacheSizeScope(SqliteConnection& c, std::int64_t kib) : c_(c), before_(c.queryInt("PRAGMA cache_size")) {
        c_.exec("PRAGMA cache_size=-" + std::to_string(kib));
    }
    ~CacheSizeScope() {
        try {
            c_.exec("PRAGMA cache_size=" + std::to_string(before_));
        } catch (...) {
        }
    }
    CacheSizeScope(const CacheSizeScope&) = delete;
    CacheSizeScope& operator=(const CacheSizeScope&) = delete;

private:
    SqliteConnection& c_;
    std::int64_t before_;
};

std::int64_t nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

const char* tagSourceName(TagSource source) {
    switch (source) {
        case TagSource::ZeroShot: return "zero-shot";
        case TagSource::FewShot: return "few-shot";
        case TagSource::Manual: return "manual";
    }
    return "?";
}

const char* tagDecisionName(TagDecision decision) {
    switch (decision) {
        case TagDecision::None: return "none";
        case TagDecision::Accepted: return "accepted";
        case TagDecision::Rejected: return "rejected";
    }
    return "?";
}

std::vector<std::optional<std::vector<float>>> TagStore::cachedLabelEmbeddings(std::int64_t modelId,
                                                                               const std::string& templateSet,
                                                                               const std::vector<std::string>& labels) const {
    auto s = db_.connection().prepare(
        "SELECT vector FROM label_embeddings WHERE model_id = ? AND template_set = ? AND label = ?");
    std::vector<std::optional<std::vector<float>>> out;
    for (const auto& label : labels) {
        s.bind(1, modelId).bind(2, templateSet).bind(3, label);
        if (s.step() && s.bytes(0) % sizeof(float) == 0 && s.bytes(0) > 0) {
            std::vector<float> v(s.bytes(0) / sizeof(float));
            std::memcpy(v.data(), s.blob(0), s.bytes(0));
            out.emplace_back(std::move(v));
        } else {
            out.emplace_back(std::nullopt);
        }
        s.reset();
    }
    return out;
}

std::int64_t TagStore::nextLabelClock() {
    auto& c = db_.connection();
    c.exec("UPDATE library_info SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'label_clock'");
    return c.queryInt("SELECT CAST(value AS INTEGER) FROM library_info WHERE key = 'label_clock'");
}

void TagStore::storeLabelEmbeddings(std::int64_t modelId, const std::string& templateSet,
                                    const std::vector<std::string>& labels, const float* rows, int embedDim) {
    if (db_.readOnly()) return;  // a cache: a read-only library goes without it
    const auto rowBytes = sizeof(float) * static_cast<std::size_t>(embedDim);
    {
        SqliteTransaction transaction(db_.connection());
        const std::int64_t now = nextLabelClock();
        auto s = db_.connection().prepare(
            "INSERT OR REPLACE INTO label_embeddings(model_id, template_set, label, vector, last_used) "
            "VALUES (?, ?, ?, ?, ?)");
        for (std::size_t i = 0; i < labels.size(); ++i) {
            s.bind(1, modelId).bind(2, templateSet).bind(3, labels[i]);
            s.bindBlob(4, rows + i * static_cast<std::size_t>(embedDim), rowBytes).bind(5, now);
            s.run();
        }
        transaction.commit();
    }
    // A running total (replaced rows counted twice, until the next exact sum): summing the
    // table after every group of a 100,000-label run would read it all each time.
    if (!labelCacheBytes_) labelCacheBytes_ = db_.connection().queryInt("SELECT coalesce(sum(length(vector)), 0) FROM label_embeddings");
    else *labelCacheBytes_ += static_cast<std::int64_t>(labels.size() * rowBytes);
    if (*labelCacheBytes_ > labelCacheLimitBytes_) evictLabelEmbeddings();
}

void TagStore::touchLabelEmbeddings(std::int64_t modelId, const std::string& templateSet,
                                    const std::vector<std::string>& labels) {
    if (db_.readOnly()) return;
    SqliteTransaction transaction(db_.connection());
    const std::int64_t now = nextLabelClock();
    auto s = db_.connection().prepare(
        "UPDATE label_embeddings SET last_used = ? WHERE model_id = ? AND template_set = ? AND label = ?");
    for (const auto& label : labels) {
        s.bind(1, now).bind(2, modelId).bind(3, templateSet).bind(4, label);
        s.run();
    }
    transaction.commit();
}

void TagStore::evictLabelEmbeddings() {
    auto& c = db_.connection();
    std::int64_t total = c.queryInt("SELECT coalesce(sum(length(vector)), 0) FROM label_embeddings");
    labelCacheBytes_ = total;
    if (total <= labelCacheLimitBytes_) return;
    // Down to three quarters of the bound, so that a long run evicts now and then, not after
    // every group it stores.
    const std::int64_t target = labelCacheLimitBytes_ / 4 * 3;
    {
        SqliteTransaction transaction(c);
        struct Key {
            std::int64_t model;
            std::string templateSet, label;
        };
        std::vector<Key> oldest;
        auto s = c.prepare("SELECT model_id, template_set, label, length(vector) FROM label_embeddings "
                           "ORDER BY last_used, model_id, template_set, label");
        while (total > target && s.step()) {
            oldest.push_back({s.int64(0), s.text(1), s.text(2)});
            total -= s.int64(3);
        }
        s.reset();
        auto remove = c.prepare("DELETE FROM label_embeddings WHERE model_id = ? AND template_set = ? AND label = ?");
        for (const auto& k : oldest) {
            remove.bind(1, k.model).bind(2, k.templateSet).bind(3, k.label);
            remove.run();
        }
        transaction.commit();
        labelCacheBytes_ = total;
    }
    // Deleted rows leave free pages that SQLite reuses but never returns: a cache that was far
    // over the bound (written before there was one) would keep the file large for good. The
    // quarter an eviction frees is left to be reused by the next rows.
    const std::int64_t freeBytes = c.queryInt("PRAGMA freelist_count") * c.queryInt("PRAGMA page_size");
    if (freeBytes < labelCacheLimitBytes_) return;
    try {
        c.exec("VACUUM");
    } catch (const SqliteError&) {
        // Busy (a reader is searching): the space is reused by later writes, compacted next time.
    }
}

WriteSummary TagStore::writeAutomaticTags(const AutomaticRun& run, const std::vector<std::string>& labels,
                                          const std::vector<std::int64_t>& photoIds, const std::vector<NewTag>& tags) {
    const auto& [source, modelId, templateSet] = run;
    auto& c = db_.connection();
    SqliteTransaction transaction(c);
    c.exec("CREATE TEMP TABLE IF NOT EXISTS run_labels(tag TEXT PRIMARY KEY)");
    c.exec("DELETE FROM temp.run_labels");
    {
        auto add = c.prepare("INSERT OR IGNORE INTO temp.run_labels(tag) VALUES (?)");
        for (const auto& l : labels) {
            add.bind(1, l);
            add.run();
        }
    }
    WriteSummary summary;
    {
        auto drop = c.prepare(
            "DELETE FROM tags WHERE photo_id = ? AND source = ? AND decision = 0 AND tag IN (SELECT tag FROM temp.run_labels)");
        for (const auto id : photoIds) {
            drop.bind(1, id).bind(2, static_cast<int>(source));
            drop.run();
            summary.removed += c.changes();
        }
    }
    // A write of about the table's size builds the tag index afresh (one sort) instead of
    // inserting into it row by row; a page cache that holds the rows written keeps B-tree
    // updates in memory until the commit.
    const bool rebuildTagIndex =
        tags.size() >= kRebuildTagIndexRows && static_cast<std::int64_t>(tags.size()) * 2 >= c.queryInt("SELECT COUNT(*) FROM tags");
    if (rebuildTagIndex) c.exec("DROP INDEX tags_by_tag");
    const CacheSizeScope cache(c, kBulkWriteCacheKiB);
    auto upsert = c.prepare(
        "INSERT INTO tags(photo_id, tag, source, decision, score, cosine, model_id, template_set, updated_at) "
        "VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?) "
        "ON CONFLICT(photo_id, tag) DO UPDATE SET source = excluded.source, score = excluded.score, "
        "cosine = excluded.cosine, model_id = excluded.model_id, template_set = excluded.template_set, "
        "updated_at = excluded.updated_at WHERE tags.source != 2 AND tags.decision = 0");
    const auto now = nowSeconds();
    for (const auto& t : tags) {
        upsert.bind(1, t.photoId).bind(2, t.tag).bind(3, static_cast<int>(source)).bind(4, t.score);
        if (t.cosine) upsert.bind(5, *t.cosine); else upsert.bindNull(5);
        upsert.bind(6, modelId);
        if (templateSet.empty()) upsert.bindNull(7); else upsert.bind(7, templateSet);
        upsert.bind(8, now);
        upsert.run();
        if (c.changes() > 0) ++summary.written; else ++summary.kept;
    }
    if (rebuildTagIndex) c.exec("CREATE INDEX tags_by_tag ON tags(tag)");
    summary.removed = std::max<std::int64_t>(0, summary.removed);
    transaction.commit();
    return summary;
}

void TagStore::decideAll(const std::vector<std::int64_t>& photoIds, const std::string& tag, TagDecision decision) {
    const std::string name = checkedTagName(tag);  // before the transaction: a bad name changes nothing
    SqliteTransaction transaction(db_.connection());
    auto s = db_.connection().prepare(
        "INSERT INTO tags(photo_id, tag, source, decision, updated_at) VALUES (?, ?, 2, ?, ?) "
        "ON CONFLICT(photo_id, tag) DO UPDATE SET decision = excluded.decision, updated_at = excluded.updated_at");
    for (const auto id : photoIds) {
        s.bind(1, id).bind(2, name).bind(3, static_cast<int>(decision)).bind(4, nowSeconds());
        s.run();
    }
    transaction.commit();
}

std::vector<std::int64_t> TagStore::addManualTags(const std::vector<PhotoKeywords>& photos) {
    std::vector<std::vector<std::string>> names;  // checked before anything is written
    for (const auto& photo : photos) {
        names.emplace_back();
        for (const auto& tag : photo.tags) names.back().push_back(checkedTagName(tag));
    }
    SqliteTransaction transaction(db_.connection());
    auto s = db_.connection().prepare(
        "INSERT INTO tags(photo_id, tag, source, decision, updated_at) VALUES (?, ?, 2, 1, ?) "
        "ON CONFLICT(photo_id, tag) DO UPDATE SET source = 2, decision = 1, updated_at = excluded.updated_at "
        "WHERE tags.source != 2 OR tags.decision != 1");
    std::vector<std::int64_t> changed;
    for (std::size_t i = 0; i < photos.size(); ++i) {
        std::int64_t n = 0;
        for (const auto& tag : names[i]) {
            s.bind(1, photos[i].photoId).bind(2, tag).bind(3, nowSeconds());
            s.run();
            n += db_.connection().changes();
        }
        changed.push_back(n);
    }
    transaction.commit();
    return changed;
}

std::vector<TagRecord> TagStore::tagsUnder(const std::string& prefix, bool includeRejected) const {
    std::string sql =
        "SELECT t.photo_id, p.path, t.tag, t.source, t.decision, t.score, t.cosine, coalesce(m.name, ''), "
        "coalesce(t.template_set, '') FROM tags t JOIN photos p ON p.id = t.photo_id "
        "LEFT JOIN models m ON m.id = t.model_id WHERE 1";
    if (!prefix.empty()) sql += " AND (p.path = ?1 OR substr(p.path, 1, length(?2)) = ?2)";
    if (!includeRejected) sql += " AND t.decision != 2";
    sql += " ORDER BY p.path, t.source = 2 DESC, t.score DESC, t.tag";
    auto s = db_.connection().prepare(sql);
    if (!prefix.empty()) {
        const std::string folder = prefix.back() == '/' ? prefix : prefix + "/";
        s.bind(1, prefix).bind(2, folder);
    }
    std::vector<TagRecord> out;
    while (s.step()) {
        TagRecord r;
        r.photoId = s.int64(0);
        r.path = s.text(1);
        r.tag = s.text(2);
        r.source = static_cast<TagSource>(s.int64(3));
        r.decision = static_cast<TagDecision>(s.int64(4));
        if (!s.isNull(5)) r.score = s.real(5);
        if (!s.isNull(6)) r.cosine = s.real(6);
        r.model = s.text(7);
        r.templateSet = s.text(8);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<std::int64_t> TagStore::photosWithTag(const std::string& tag) const {
    auto s = db_.connection().prepare("SELECT photo_id FROM tags WHERE tag = ? AND decision != 2 ORDER BY photo_id");
    s.bind(1, tag);
    std::vector<std::int64_t> out;
    while (s.step()) out.push_back(s.int64(0));
    return out;
}

std::vector<std::string> TagStore::tagNames() const {
    auto s = db_.connection().prepare("SELECT DISTINCT tag FROM tags WHERE decision != 2 ORDER BY tag");
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
}

std::vector<TagRecord> TagStore::tagsIn(const std::vector<std::string>& scope, bool includeRejected) const {
    if (scope.empty()) return tagsUnder("", includeRejected);
    std::vector<TagRecord> out;
    for (const auto& prefix : scope) {
        auto some = tagsUnder(prefix, includeRejected);
        out.insert(out.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
    }
    return out;
}

}  // namespace clipdesk
