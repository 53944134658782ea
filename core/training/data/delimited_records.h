#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace clipdesk {

// One record of a delimited (CSV / TSV) file.
struct DelimitedRecord {
    int line = 0;                     // physical line where the record starts, 1-based
    std::vector<std::string> fields;
    std::string problem;              // non-empty when the record is malformed but the file can go on
};

// Splits text into records with RFC 4180 quoting: a field that starts with a double quote
// runs to the matching quote, may hold delimiters and line breaks, and writes a quote as "".
// Records end at LF or CRLF. Lines that are completely empty are skipped. A quote inside an
// unquoted field is kept as a character (as Python's csv module does); text between a
// closing quote and the next delimiter makes the record malformed (`problem`).
class DelimitedReader {
public:
    // `text` must outlive the reader; `file` is for messages.
    DelimitedReader(std::string_view text, char delimiter, std::string file);

    // The next record, false at the end. Throws PairsFileError for a quoted field that is
    // still open at the end of the file.
    bool next(DelimitedRecord& record);

private:
    std::string_view text_;
    char delimiter_;
    std::string file_;
    std::size_t pos_ = 0;
    int line_ = 1;
};

}  // namespace clipdesk
