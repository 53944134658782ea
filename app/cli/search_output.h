#pragma once
// Search results as JSON Lines: {"path", "score", "rank"} per photo, best first, rank from 1;
// and the filter options search and similar share.

#include "library/photo_search.h"

#include <CLI/CLI.hpp>

#include <vector>

namespace clipdesk::cli {

struct SearchFilterOptions {
    int k = 20;
    double minScore = -2;  // below any cosine: no cut-off
    std::string folder;
    std::string tag;

    void declare(CLI::App* cmd);
    SearchOptions toSearchOptions() const;
};

void printSearchHits(const std::vector<SearchHit>& hits);

}  // namespace clipdesk::cli
