#pragma once

#include "data/listed_pairs.h"

#include <string>

namespace clipdesk {

// Reads a JSON Lines pairs file: one object per line with a string "image" and a "caption"
// that is a string or a non-empty array of strings (one is drawn each time); optionally
// "label", a string or a non-negative integer. Other keys are ignored, so files that carry
// ids or metadata load as they are. Blank lines are skipped; a UTF-8 byte order mark and CRLF
// line ends are accepted. Problems throw PairsFileError "pairs.jsonl:17: ..." or, with
// skipBadRows, are skipped (see PairRowCollector for the common checks).
ListedPairs readJsonLinesPairs(const std::string& path, const PairsOptions& options);

}  // namespace clipdesk
