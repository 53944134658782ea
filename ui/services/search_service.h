#pragma once
// Runs searches against a library: a text query (query_parser.h syntax), an image file, or
// "find similar" on a photo of the library. Keeps the library and its model open between
// searches; thread-safe, so searches run off the GUI thread (QtConcurrent) while the GUI
// stays responsive. invalidate() after the library changes (an index run).

#include "text/translatable_text.h"

#include "library/photo_dates.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>

namespace clipdesk::ui {

struct SearchRequest {
    enum class Kind { Text, Image };
    Kind kind = Kind::Text;
    QString query;        // the text, or the image's path
    QString libraryDir;
    QString folder;       // only photos in this folder or below (empty: all)
    QString tag;          // only photos carrying this tag, not rejected (empty: any)
    DateRange taken;      // only photos taken in this range (photo_dates.h)
    ResultOrder order = ResultOrder::Score;  // an empty text query browses: Score means newest
    int k = 200;
    int threads = 0;
};

struct PhotoHit {
    QString path;
    float score = 0;
    QString note;         // a third line under the name and score (e.g. a tag decision)
    bool scored = true;   // false when browsing without a query
    QString date;         // when it was taken, "YYYY-MM-DD HH:MM:SS"; empty: unknown
    QString dateOffset;   // "+02:00" when the photo records it
    bool dateFromFile = false;  // no date in the photo: the file's modification time
};

struct SearchResult {
    QList<PhotoHit> hits;
    TranslatableText error;  // a readable message, empty on success
    double seconds = 0;
};

class SearchService {
public:
    SearchService();
    ~SearchService();
    SearchService(const SearchService&) = delete;
    SearchService& operator=(const SearchService&) = delete;

    SearchResult run(const SearchRequest& request);
    // The next search opens the library and model again. Never waits for a search in flight.
    void invalidate() { ++generation_; }

private:
    struct Open;
    std::mutex mutex_;
    std::atomic<int> generation_{0};
    std::unique_ptr<Open> open_;
};

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::SearchResult)
