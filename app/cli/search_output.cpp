#include "search_output.h"
#include "number_checks.h"

#include "json_output.h"

namespace clipdesk::cli {

void SearchFilterOptions::declare(CLI::App* cmd) {
    cmd->add_option("-k,--top", k, "Number of photos to return")->check(positiveNumber())->capture_default_str();
    cmd->add_option("--min-score", minScore, "Leave out photos whose cosine similarity is below this")
        ->check(CLI::Range(-1.0, 1.0));
    cmd->add_option("--folder", folder, "Only photos in this folder or below it");
    cmd->add_option("--tag", tag, "Only photos carrying this tag (tags you rejected do not count)");
}

SearchOptions SearchFilterOptions::toSearchOptions() const {
    SearchOptions options;
    options.k = k;
    if (minScore >= -1) options.minScore = static_cast<float>(minScore);
    options.folder = folder;
    options.tag = tag;
    return options;
}

void printSearchHits(const std::vector<SearchHit>& hits) {
    int rank = 0;
    for (const auto& hit : hits) printJsonLine(Json{{"path", hit.path}, {"score", hit.score}, {"rank", ++rank}});
}

}  // namespace clipdesk::cli
