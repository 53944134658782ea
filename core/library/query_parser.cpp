#include "library/query_parser.h"

#include <cstdlib>
#include <string_view>
#include <utility>

namespace clipdesk {
namespace {

bool isAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000, the space of a Chinese input method
constexpr std::string_view kFullWidthPlus = "\xEF\xBC\x8B";     // U+FF0B ＋
constexpr std::string_view kFullWidthMinus = "\xEF\xBC\x8D";    // U+FF0D －

bool startsWith(const std::string& text, std::size_t at, std::string_view prefix) {
    return text.compare(at, prefix.size(), prefix) == 0;
}

// The bytes of the separator at `at` (ASCII whitespace or U+3000), 0 when there is none.
std::size_t separatorAt(const std::string& text, std::size_t at) {
    if (at >= text.size()) return 0;
    if (isAsciiSpace(text[at])) return 1;
    return startsWith(text, at, kIdeographicSpace) ? kIdeographicSpace.size() : 0;
}

class QueryReader {
public:
    explicit QueryReader(const std::string& query) : q_(query) {}

    std::vector<QueryConcept> parse() {
        std::vector<QueryConcept> concepts;
        bool previousWasPlainWord = false;
        for (skipSpace(); pos_ < q_.size(); skipSpace()) {
            const std::size_t itemStart = pos_;
            double sign = 1;
            bool signed_ = false;
            if (const std::size_t length = signAt(pos_, sign)) {
                signed_ = true;
                pos_ += length;
                if (pos_ >= q_.size() || separatorAt(q_, pos_))
                    fail("'" + q_.substr(itemStart, length) + "' must be followed by a word, a quoted phrase or image:PATH",
                         itemStart);
            }
            QueryConcept c;
            bool quoted = false;
            if (q_.compare(pos_, 6, "image:") == 0) {
                c.kind = QueryConcept::Kind::Image;
                pos_ += 6;
                quoted = pos_ < q_.size() && q_[pos_] == '"';
                c.text = quoted ? readQuoted() : readWord();
                if (c.text.empty()) fail("image: must be followed by a file path", itemStart);
            } else if (q_[pos_] == '"') {
                quoted = true;
                c.text = readQuoted();
                if (c.text.find_first_not_of(" \t\n\r\f\v") == std::string::npos) fail("empty quoted phrase", itemStart);
            } else {
                c.text = readWord();
                if (c.text.empty()) fail("expected a word before '^'", pos_ + 1);
            }
            const bool weighted = pos_ < q_.size() && q_[pos_] == '^';
            double magnitude = signed_ && sign < 0 ? kDefaultNegativeWeight : 1.0;
            if (weighted) magnitude = readWeight();
            if (pos_ < q_.size() && !separatorAt(q_, pos_)) fail("expected a space after the closing quote", pos_ + 1);
            c.weight = sign * magnitude;

            const bool plainWord = !signed_ && !quoted && !weighted && c.kind == QueryConcept::Kind::Text;
            if (plainWord && previousWasPlainWord)
                concepts.back().text += " " + c.text;
            else
                concepts.push_back(std::move(c));
            previousWasPlainWord = plainWord;
        }
        if (concepts.empty()) throw QuerySyntaxError("the query is empty");
        bool anyPositive = false;
        for (const auto& c : concepts) anyPositive = anyPositive || c.weight > 0;
        if (!anyPositive)
            throw QuerySyntaxError("the query needs at least one concept with a positive weight ('beach -people', not just "
                                   "'-people')");
        return concepts;
    }

private:
    [[noreturn]] void fail(const std::string& what, std::size_t offset) const {
        throw QuerySyntaxError("query syntax error at column " + std::to_string(offset + 1) + ": " + what);
    }

    void skipSpace() {
        while (const std::size_t length = separatorAt(q_, pos_)) pos_ += length;
    }

    // '+' or '-', half- or full-width, at `at`: its length in bytes (0: none), and its sign.
    std::size_t signAt(std::size_t at, double& sign) const {
        if (q_[at] == '+' || q_[at] == '-') {
            sign = q_[at] == '-' ? -1 : 1;
            return 1;
        }
        for (const auto& [mark, value] : {std::pair{kFullWidthPlus, 1.0}, std::pair{kFullWidthMinus, -1.0}})
            if (startsWith(q_, at, mark)) {
                sign = value;
                return mark.size();
            }
        return 0;
    }

    // Up to a separator or '^'.
    std::string readWord() {
        const std::size_t start = pos_;
        while (pos_ < q_.size() && !separatorAt(q_, pos_) && q_[pos_] != '^') ++pos_;
        return q_.substr(start, pos_ - start);
    }

    std::string readQuoted() {
        const std::size_t open = pos_++;
        std::string text;
        while (pos_ < q_.size()) {
            const char c = q_[pos_++];
            if (c == '"') return text;
            if (c == '\\' && pos_ < q_.size() && (q_[pos_] == '"' || q_[pos_] == '\\')) {
                text += q_[pos_++];
                continue;
            }
            text += c;
        }
        fail("unterminated quote", open);
    }

    double readWeight() {
        const std::size_t caret = pos_++;
        const std::size_t start = pos_;
        while (pos_ < q_.size() && !separatorAt(q_, pos_)) ++pos_;
        const std::string number = q_.substr(start, pos_ - start);
        char* end = nullptr;
        const double value = number.empty() ? 0 : std::strtod(number.c_str(), &end);
        if (number.empty() || *end != '\0' || !(value > 0) || value > 1e6)
            fail("the weight after '^' must be a positive number such as 2 or 0.5, not '" + number + "'", caret);
        return value;
    }

    const std::string& q_;
    std::size_t pos_ = 0;
};

}  // namespace

std::vector<QueryConcept> parseQuery(const std::string& query) { return QueryReader(query).parse(); }

bool isEmptyQuery(const std::string& query) {
    for (std::size_t at = 0; at < query.size();) {
        const std::size_t length = separatorAt(query, at);
        if (!length) return false;
        at += length;
    }
    return true;
}

}  // namespace clipdesk
