#pragma once
// When a photo was taken, as the library stores, filters and sorts it. photos.taken_at holds
// the metadata's date on the camera's clock, "YYYY-MM-DD HH:MM:SS", followed by its UTC offset
// "+HH:MM" when the file records one. A photo without one is dated by its file's modification
// time in the local zone, and says so (DateSource::FileTime): dates compare as local wall
// clocks, the way people remember them ("May 2024").

#include "clip/image/photo_date_taken.h"

#include <string>

namespace clipdesk {

enum class DateSource { Taken, FileTime };

struct PhotoDate {
    std::string local;   // "YYYY-MM-DD HH:MM:SS"; empty when unknown
    std::string offset;  // "+02:00" when the metadata records it
    DateSource source = DateSource::FileTime;
};

// The taken_at value for `taken`.
std::string storedDateTaken(const PhotoDateTaken& taken);

// Photos taken in [from, before): either end may be open (empty). Both are full
// "YYYY-MM-DD HH:MM:SS" strings (parseDateBound).
struct DateRange {
    std::string from;
    std::string before;
    bool isOpen() const { return from.empty() && before.empty(); }
    bool contains(const std::string& local) const {
        return (from.empty() || local >= from) && (before.empty() || local < before);
    }
};

// The start of the period `text` names: "2024" → "2024-01-01 00:00:00", "2024-05",
// "2024-05-17", "2024-05-17 14:30" or "2024-05-17 14:30:05" (a 'T' may separate the time).
// Throws std::invalid_argument naming the text and the expected shapes.
std::string parseDateBound(const std::string& text);

// How results are ordered.
enum class ResultOrder { Score, NewestFirst, OldestFirst, Folder };

// "score", "newest", "oldest", "folder"; throws std::invalid_argument for anything else.
ResultOrder parseResultOrder(const std::string& name);
const char* resultOrderName(ResultOrder order);

}  // namespace clipdesk
