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
    const auto dateCheck = CLI::Validator(
        [](std::string& text) {
            try {
                parseDateBound(text);
                return std::string();
            } catch (const std::invalid_argument& e) {
                return std::string(e.what());
            }
        },
        "DATE");
    cmd->add_option("--after", after,
                    "Only photos taken on or after this date: YYYY, YYYY-MM, YYYY-MM-DD or \"YYYY-MM-DD HH:MM\" "
                    "(the photo's own date, else its file's time)")
        ->check(dateCheck);
    cmd->add_option("--before", before, "Only photos taken before this date (same forms as --after)")->check(dateCheck);
    cmd->add_option("--sort", sort,
                    "Order of the results: score (best first), newest or oldest (date taken), folder (by path)")
        ->check(CLI::IsMember({"score", "newest", "oldest", "folder"}))
        ->capture_default_str();
}

SearchOptions SearchFilterOptions::toSearchOptions() const {
    SearchOptions options;
    options.k = k;
    if (minScore >= -1) options.minScore = static_cast<float>(minScore);
    options.folder = folder;
    options.tag = tag;
    if (!after.empty()) options.taken.from = parseDateBound(after);
    if (!before.empty()) options.taken.before = parseDateBound(before);
    options.order = parseResultOrder(sort);
    return options;
}

void printSearchHits(const std::vector<SearchHit>& hits, bool scored) {
    int rank = 0;
    for (const auto& hit : hits) {
        Json line{{"path", hit.path}};
        if (scored) line["score"] = hit.score;
        line["rank"] = ++rank;
        line["date"] = hit.date.local;
        if (!hit.date.offset.empty()) line["date_offset"] = hit.date.offset;
        line["date_source"] = hit.date.source == DateSource::Taken ? "taken" : "file";
        printJsonLine(line);
    }
}

}  // namespace clipdesk::cli
