#pragma once
// JSON parsing that remembers where each value is: nlohmann::json keeps no positions, so
// the text is read through an iterator that counts lines while the parser's callback records
// the line of every value under its JSON pointer ("/models/0/files/1/sha256"). Files that
// users may edit can then be reported as `file:line: what was expected`.

#include <nlohmann/json.hpp>

#include <map>
#include <stdexcept>
#include <string>

namespace clipdesk {

class JsonFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct JsonWithLines {
    nlohmann::json value;
    std::map<std::string, int> lines;  // JSON pointer -> line (1-based) where the value starts/ends

    // The line of `pointer`, else of its closest recorded parent (0 if none).
    int lineOf(std::string pointer) const;
};

// Throws JsonFileError "<source>:<line>: malformed JSON: ..." for text that is not JSON.
JsonWithLines parseJsonWithLines(const std::string& text, const std::string& source);

}  // namespace clipdesk
