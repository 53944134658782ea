#include "data/delimited_records.h"

#include "data/pairs_file_error.h"

#include <utility>

namespace clipdesk {

DelimitedReader::DelimitedReader(std::string_view text, char delimiter, std::string file)
    : text_(text), delimiter_(delimiter), file_(std::move(file)) {}

bool DelimitedReader::next(DelimitedRecord& record) {
    const std::size_t n = text_.size();
    // Skip empty lines.
    for (;;) {
        if (pos_ >= n) return false;
        if (text_[pos_] == '\n') {
            ++pos_;
            ++line_;
        } else if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') {
            pos_ += 2;
            ++line_;
        } else {
            break;
        }
    }

    record.line = line_;
    record.fields.clear();
    record.problem.clear();
    std::string field;
    for (;;) {
        field.clear();
        if (pos_ < n && text_[pos_] == '"') {
            const int openedOnLine = line_;
            ++pos_;
            for (;;) {
                if (pos_ >= n)
                    throw PairsFileError(file_, openedOnLine,
                                         "quoted field is not closed (a \" is missing before the end of the file)");
                const char c = text_[pos_++];
                if (c == '"') {
                    if (pos_ < n && text_[pos_] == '"') {
                        field += '"';
                        ++pos_;
                    } else {
                        break;
                    }
                } else {
                    if (c == '\n') ++line_;
                    field += c;
                }
            }
            // After the closing quote only a delimiter or the end of the record may follow.
            const std::size_t junkStart = pos_;
            while (pos_ < n && text_[pos_] != delimiter_ && text_[pos_] != '\n') ++pos_;
            std::string_view junk = text_.substr(junkStart, pos_ - junkStart);
            if (!junk.empty() && junk.back() == '\r') junk.remove_suffix(1);
            if (!junk.empty() && record.problem.empty())
                record.problem = "unexpected text after the closing quote of field " +
                                 std::to_string(record.fields.size() + 1) + " (a quote inside a quoted field is written \"\")";
        } else {
            while (pos_ < n && text_[pos_] != delimiter_ && text_[pos_] != '\n') field += text_[pos_++];
            if (!field.empty() && field.back() == '\r' && (pos_ >= n || text_[pos_] == '\n')) field.pop_back();
        }
        record.fields.push_back(std::move(field));
        if (pos_ >= n) return true;
        if (text_[pos_++] == '\n') {
            ++line_;
            return true;
        }
    }
}

}  // namespace clipdesk
