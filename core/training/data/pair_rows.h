#pragma once

#include "data/bad_rows.h"
#include "data/listed_pairs.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace clipdesk {

// One parsed row of a pairs file (CSV, TSV or JSON Lines), before validation.
struct PairRow {
    int line = 0;                       // physical line where the row starts
    std::string image;                  // as written: relative to the file's folder, or absolute
    std::vector<std::string> captions;  // usually one
    std::optional<std::string> label;   // class name; absent or "" = unknown
};

// Checks the rows of a pairs file as they are parsed (image path given and naming an existing
// regular file inside the file's folder, unless `allowOutsidePaths`; no empty caption) and
// gathers them into ListedPairs. Paths are resolved against the folder of `file`; captions are
// trimmed.
class PairRowCollector {
public:
    PairRowCollector(std::string file, BadRowPolicy& badRows, bool allowOutsidePaths);

    void add(PairRow row);  // a bad row goes to the BadRowPolicy

    // The pairs. Labels become indices into the class names: the distinct labels in numeric
    // order when all are integers, otherwise sorted by byte value. Throws PairsFileError when
    // no pair is left.
    ListedPairs finish();

private:
    std::string file_;
    std::filesystem::path folder_;
    std::filesystem::path realFolder_;  // symlinks resolved; empty when outside paths are allowed
    BadRowPolicy& badRows_;
    ListedPairs pairs_;
    std::vector<std::string> labels_;  // per pair, "" = unknown
};

}  // namespace clipdesk
