#include "library/photo_dates.h"

#include <stdexcept>

namespace clipdesk {
namespace {

bool digits(const std::string& s, std::size_t at, std::size_t count) {
    if (at + count > s.size()) return false;
    for (std::size_t i = at; i < at + count; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int number(const std::string& s, std::size_t at, std::size_t count) { return std::stoi(s.substr(at, count)); }

}  // namespace

std::string storedDateTaken(const PhotoDateTaken& taken) { return taken.local + taken.offset; }

std::string parseDateBound(const std::string& text) {
    const auto bad = [&text] {
        return std::invalid_argument("\"" + text +
                                     "\" is not a date: expected YYYY, YYYY-MM, YYYY-MM-DD or \"YYYY-MM-DD HH:MM[:SS]\"");
    };
    std::string s = text;
    if (s.size() > 10 && s[10] == 'T') s[10] = ' ';
    static const std::string start = "0000-01-01 00:00:00";
    const std::size_t n = s.size();
    const bool shapeOk = (n == 4 && digits(s, 0, 4)) || (n == 7 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2)) ||
                         (n == 10 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' && digits(s, 8, 2)) ||
                         ((n == 16 || n == 19) && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' &&
                          digits(s, 8, 2) && s[10] == ' ' && digits(s, 11, 2) && s[13] == ':' && digits(s, 14, 2) &&
                          (n == 16 || (s[16] == ':' && digits(s, 17, 2))));
    if (!shapeOk) throw bad();
    const std::string full = s + start.substr(n);
    const int month = number(full, 5, 2), day = number(full, 8, 2);
    if (number(full, 0, 4) < 1 || month < 1 || month > 12 || day < 1 || day > 31 || number(full, 11, 2) > 23 ||
        number(full, 14, 2) > 59 || number(full, 17, 2) > 59)
        throw bad();
    return full;
}

ResultOrder parseResultOrder(const std::string& name) {
    if (name == "score") return ResultOrder::Score;
    if (name == "newest") return ResultOrder::NewestFirst;
    if (name == "oldest") return ResultOrder::OldestFirst;
    if (name == "folder") return ResultOrder::Folder;
    throw std::invalid_argument("\"" + name + "\" is not an order: expected score, newest, oldest or folder");
}

const char* resultOrderName(ResultOrder order) {
    switch (order) {
    case ResultOrder::Score: return "score";
    case ResultOrder::NewestFirst: return "newest";
    case ResultOrder::OldestFirst: return "oldest";
    case ResultOrder::Folder: return "folder";
    }
    return "score";
}

}  // namespace clipdesk
