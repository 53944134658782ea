#pragma once
// Search query syntax.
//
//   beach +sunset -people      "beach" plus "sunset", minus half of "people"
//   a dog on a beach           one description: neighbouring plain words stay one sentence
//   "red car" "snow"           each quoted phrase is a concept of its own
//   beach^2 +sunset -people^0.8   explicit weights
//   image:/photos/a.jpg +snow  a photo's embedding as a concept (in or outside the library)
//
//   query  := item { separator item }
//   item   := [ '+' | '-' | '＋' | '－' ] atom [ '^' weight ]
//   atom   := word | '"' phrase '"' | 'image:' path | 'image:"' path '"'
//
// - Neighbouring plain words (no sign, no quotes, no weight) form one concept, because CLIP
//   embeds sentences better than lone words.
// - '+' starts a separate concept with weight 1; '-' subtracts one with weight 0.5 (whole
//   opposites overshoot: CLIP's text embeddings share a large common part that subtracting at
//   full weight would cancel); '^w' sets the weight (a positive number) of the atom it
//   follows, also making a plain word a concept of its own.
// - A separator is ASCII whitespace or the ideographic space U+3000, and the full-width signs
//   ＋ and － (U+FF0B, U+FF0D) are '+' and '-', as a Chinese input method types them:
//   `海滩 ＋日落　－人` is `海滩 +日落 -人`.
// - Inside quotes, \" is a quote and \\ a backslash. Quote paths that contain spaces or '^'.
// - The query embedding is the weighted sum of the concepts' normalised embeddings,
//   normalised again; at least one concept must have a positive weight.

#include <stdexcept>
#include <string>
#include <vector>

namespace clipdesk {

class QuerySyntaxError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

constexpr double kDefaultNegativeWeight = 0.5;

struct QueryConcept {
    enum class Kind { Text, Image };
    Kind kind = Kind::Text;
    std::string text;  // the description, or the image's path
    double weight = 1;  // negative for '-' concepts
};

// Throws QuerySyntaxError naming the column (1-based, in bytes) of the problem.
std::vector<QueryConcept> parseQuery(const std::string& query);

// True when `query` holds nothing but separators (ASCII whitespace, U+3000): no search, a browse.
bool isEmptyQuery(const std::string& query);

}  // namespace clipdesk
