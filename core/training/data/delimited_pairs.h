#pragma once

#include "data/listed_pairs.h"

#include <string>

namespace clipdesk {

// Reads a CSV (delimiter ',') or TSV ('\t') pairs file. The first record is a header naming
// the columns, in any order: `image` and `caption`, optionally `label` (names are trimmed and
// case-insensitive; any other name is an error). Each further record is one pair; quoting
// follows RFC 4180 (see DelimitedReader); a UTF-8 byte order mark and CRLF line ends are
// accepted. Row problems — wrong field count, invalid UTF-8, text after a closing quote,
// plus PairRowCollector's checks — throw PairsFileError "pairs.csv:17: ..." or, with
// skipBadRows, are skipped. Header problems always throw.
ListedPairs readDelimitedPairs(const std::string& path, char delimiter, const PairsOptions& options);

}  // namespace clipdesk
