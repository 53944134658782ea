#pragma once
// Search results as JSON Lines: {"path", "score", "rank", "date", "date_source"} per photo
// ("date_offset" too when the photo records one), in the asked order, rank from 1 (no
// "score" when browsing without a query); and the filter options search and similar share.

#include "library/photo_search.h"

#include <CLI/CLI.hpp>

#include <vector>

namespace clipdesk::cli {

struct SearchFilterOptions {
    int k = 20;
    double minScore = -2;  // below any cosine: no cut-off
    std::string folder;
    std::string tag;
    std::string after;   // photo_dates.h parseDateBound shapes
    std::string before;
    std::string sort = "score";

    void declare(CLI::App* cmd);
    SearchOptions toSearchOptions() const;
};

void printSearchHits(const std::vector<SearchHit>& hits, bool scored = true);

}  // namespace clipdesk::cli
