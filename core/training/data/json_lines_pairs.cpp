#include "data/json_lines_pairs.h"

#include "data/bad_rows.h"
#include "data/pair_rows.h"
#include "data/text_file.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace clipdesk {
namespace {

// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
std::string jsonReason(const nlohmann::json::exception& error) {
    std::string what = error.what();
    const std::size_t end = what.find("] ");
    return what.rfind("[json.exception.", 0) == 0 && end != std::string::npos ? what.substr(end + 2) : what;
}

// The row in `object`, or the reason it cannot be one.
std::optional<std::string> parseRow(const nlohmann::json& object, PairRow& row) {
    if (!object.is_object()) return "expected a JSON object like {\"image\": \"a.jpg\", \"caption\": \"...\"}";
    const auto image = object.find("image");
    if (image == object.end()) return std::string("no \"image\" key");
    if (!image->is_string()) return std::string("\"image\" must be a string");
    row.image = image->get<std::string>();

    const auto caption = object.find("caption");
    if (caption == object.end()) return std::string("no \"caption\" key");
    if (caption->is_string()) {
        row.captions.push_back(caption->get<std::string>());
    } else if (caption->is_array() && !caption->empty()) {
        for (const auto& item : *caption) {
            if (!item.is_string()) return std::string("\"caption\" must be a string or an array of strings");
            row.captions.push_back(item.get<std::string>());
        }
    } else {
        return std::string(caption->is_array() ? "caption is empty" : "\"caption\" must be a string or an array of strings");
    }

    const auto label = object.find("label");
    if (label != object.end() && !label->is_null()) {
        if (label->is_string())
            row.label = label->get<std::string>();
        else if (label->is_number_unsigned())
            row.label = std::to_string(label->get<std::uint64_t>());
        else
            return std::string("\"label\" must be a string or a non-negative integer");
    }
    return std::nullopt;
}

}  // namespace

ListedPairs readJsonLinesPairs(const std::string& path, const PairsOptions& options) {
    const std::string bytes = readTextFile(path);
    const std::string_view text = withoutBom(bytes);
    BadRowPolicy badRows(options);
    PairRowCollector rows(path, badRows, options.allowOutsidePaths);
    std::size_t start = 0;
    for (int lineNumber = 1; start < text.size(); ++lineNumber) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (trimmed(line).empty()) continue;
        const auto reject = [&](const std::string& reason) { badRows.reject(PairsFileError(path, lineNumber, reason)); };
        if (const auto bad = firstInvalidUtf8(line)) {
            reject("invalid UTF-8 (" + describeInvalidByte(line, *bad) + ")");
            continue;
        }
        nlohmann::json object;
        try {
            object = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception& error) {
            reject("not valid JSON: " + jsonReason(error));
            continue;
        }
        PairRow row;
        row.line = lineNumber;
        if (const auto problem = parseRow(object, row)) {
            reject(*problem);
            continue;
        }
        rows.add(std::move(row));
    }
    return rows.finish();
}

}  // namespace clipdesk
