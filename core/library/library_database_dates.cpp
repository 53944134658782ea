// LibraryDatabase: the queries over when photos were taken (photo_dates.h).

#include "library/library_database.h"

namespace clipdesk {
namespace {

// A photo's date as the library compares it: the metadata's wall clock (its first 19
// characters; an offset may follow), else the file's modification time in the local zone.
constexpr const char* kDateExpression =
    "COALESCE(substr(taken_at, 1, 19), strftime('%Y-%m-%d %H:%M:%S', mtime_ns / 1000000000, 'unixepoch', 'localtime'))";

}  // namespace

std::vector<std::int64_t> LibraryDatabase::indexedPhotoIdsTaken(const DateRange& range) const {
    std::string sql = std::string("SELECT id FROM photos WHERE state = 1");
    if (!range.from.empty()) sql += std::string(" AND ") + kDateExpression + " >= ?1";
    if (!range.before.empty()) sql += std::string(" AND ") + kDateExpression + " < ?2";
    auto s = db_.prepare(sql + " ORDER BY id");
    if (!range.from.empty()) s.bind(1, range.from);
    if (!range.before.empty()) s.bind(2, range.before);
    std::vector<std::int64_t> ids;
    while (s.step()) ids.push_back(s.int64(0));
    return ids;
}

std::vector<std::int64_t> LibraryDatabase::indexedPhotoIdsInOrder(ResultOrder order, std::int64_t limit) const {
    const std::string orderBy = order == ResultOrder::Folder        ? "path"
                                : order == ResultOrder::OldestFirst ? std::string(kDateExpression) + " ASC, path"
                                                                    : std::string(kDateExpression) + " DESC, path";
    auto s = db_.prepare("SELECT id FROM photos WHERE state = 1 ORDER BY " + orderBy + " LIMIT ?");
    s.bind(1, limit);
    std::vector<std::int64_t> ids;
    while (s.step()) ids.push_back(s.int64(0));
    return ids;
}

std::vector<PhotoDate> LibraryDatabase::photoDates(const std::vector<std::int64_t>& ids) const {
    auto s = db_.prepare(std::string("SELECT taken_at, ") + kDateExpression + " FROM photos WHERE id = ?");
    std::vector<PhotoDate> dates(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        s.reset();
        s.bind(1, ids[i]);
        if (!s.step()) continue;
        PhotoDate& date = dates[i];
        date.local = s.isNull(1) ? std::string() : s.text(1);
        if (!s.isNull(0)) {
            const std::string taken = s.text(0);
            date.source = DateSource::Taken;
            if (taken.size() > 19) date.offset = taken.substr(19);
        }
    }
    return dates;
}

}  // namespace clipdesk
