#include "data/delimited_pairs.h"

#include "data/bad_rows.h"
#include "data/delimited_records.h"
#include "data/pair_rows.h"
#include "data/text_file.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace clipdesk {
namespace {

constexpr std::array<const char*, 3> kColumnNames{"image", "caption", "label"};
constexpr const char* kExpectedColumns = "expected image, caption and optionally label";

struct Columns {
    std::vector<std::string> names;  // per field, lower case
    int image = -1;
    int caption = -1;
    int label = -1;
};

std::string lowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

Columns readHeader(const DelimitedRecord& header, const std::string& file) {
    const auto fail = [&](const std::string& reason) { throw PairsFileError(file, header.line, reason); };
    if (!header.problem.empty()) fail("header: " + header.problem);
    Columns columns;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string& raw = header.fields[i];
        if (const auto bad = firstInvalidUtf8(raw)) fail("header: invalid UTF-8 (" + describeInvalidByte(raw, *bad) + ")");
        const std::string name = lowerAscii(trimmed(raw));
        const auto known = std::find_if(kColumnNames.begin(), kColumnNames.end(), [&](const char* k) { return name == k; });
        if (known == kColumnNames.end())
            fail(name.empty() ? "header: column " + std::to_string(i + 1) + " has no name (" + kExpectedColumns + ")"
                              : "header: unknown column '" + std::string(trimmed(raw)) + "' (" + kExpectedColumns + ")");
        int& slot = name == "image" ? columns.image : name == "caption" ? columns.caption : columns.label;
        if (slot >= 0) fail("header: column '" + name + "' appears twice");
        slot = static_cast<int>(i);
        columns.names.push_back(name);
    }
    if (columns.image < 0 || columns.caption < 0)
        fail(std::string("header: no '") + (columns.image < 0 ? "image" : "caption") +
             "' column (the first line must name the columns: " + kExpectedColumns + ")");
    return columns;
}

std::string listColumns(const Columns& columns) {
    std::string out;
    for (const std::string& name : columns.names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

}  // namespace

ListedPairs readDelimitedPairs(const std::string& path, char delimiter, const PairsOptions& options) {
    const std::string bytes = readTextFile(path);
    DelimitedReader reader(withoutBom(bytes), delimiter, path);
    DelimitedRecord record;
    if (!reader.next(record))
        throw PairsFileError(path, 0, std::string("the file is empty (the first line must name the columns: ") +
                                          kExpectedColumns + ")");
    const Columns columns = readHeader(record, path);

    BadRowPolicy badRows(options);
    PairRowCollector rows(path, badRows, options.allowOutsidePaths);
    while (reader.next(record)) {
        const auto reject = [&](const std::string& reason) { badRows.reject(PairsFileError(path, record.line, reason)); };
        if (!record.problem.empty()) {
            reject(record.problem);
            continue;
        }
        if (record.fields.size() != columns.names.size()) {
            reject("expected " + std::to_string(columns.names.size()) + " fields (" + listColumns(columns) +
                   "), found " + std::to_string(record.fields.size()));
            continue;
        }
        std::optional<std::string> invalid;
        for (std::size_t i = 0; i < record.fields.size() && !invalid; ++i)
            if (const auto bad = firstInvalidUtf8(record.fields[i]))
                invalid = "invalid UTF-8 in the " + columns.names[i] + " field (" +
                          describeInvalidByte(record.fields[i], *bad) + ")";
        if (invalid) {
            reject(*invalid);
            continue;
        }
        PairRow row;
        row.line = record.line;
        row.image = std::move(record.fields[static_cast<std::size_t>(columns.image)]);
        row.captions.push_back(std::move(record.fields[static_cast<std::size_t>(columns.caption)]));
        if (columns.label >= 0) row.label = std::move(record.fields[static_cast<std::size_t>(columns.label)]);
        rows.add(std::move(row));
    }
    return rows.finish();
}

}  // namespace clipdesk
