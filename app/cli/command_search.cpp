// clipdesk-cli search: photos matching a description, best first (or --sort newest, oldest,
// folder), as JSON Lines (search_output.h), filtered by --folder, --tag, --after/--before and
// --min-score. Without a query it browses the library, newest first. The query syntax (weights, negatives, quoted phrases, image:PATH)
// is documented in core/library/query_parser.h and the README; the words of several
// arguments are joined with spaces, so `search -- beach +sunset -people` works unquoted.

#include "cli_command.h"
#include "library_options.h"
#include "model_options.h"
#include "search_output.h"

#include "application/photo_query.h"

namespace clipdesk::cli {
namespace {

class SearchCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("search", "Find the photos of a library that match a description");
        library_.declare(cmd);
        model_.declare(cmd, /*compute=*/false);
        filters_.declare(cmd);
        cmd->add_option("query", words_,
                        "The description, e.g. \"beach +sunset -people\" (after -- words may start with -); "
                        "none: the library by date");
        return cmd;
    }

    int run() override {
        PhotoQuery query;
        for (const auto& w : words_) query.text += (query.text.empty() ? "" : " ") + w;
        const bool browsing = isEmptyQuery(query.text);
        // A syntax error is reported before the library is opened.
        const auto concepts = browsing ? std::vector<QueryConcept>{} : readTextQuery(query.text);
        auto options = filters_.toSearchOptions();
        if (browsing && options.minScore)
            throw std::invalid_argument("--min-score needs a query: browsing the library has no scores");
        auto session = library_.openSession(LibraryAccess::Read, model_, towersForWords(concepts));
        printSearchHits(findPhotos(*session, query, options), !browsing);
        return 0;
    }
    bool readOnly() const override { return true; }

private:
    LibraryOptions library_;
    ModelOptions model_;
    SearchFilterOptions filters_;
    std::vector<std::string> words_;
};

}  // namespace

std::unique_ptr<CliCommand> makeSearchCommand() { return std::make_unique<SearchCommand>(); }

}  // namespace clipdesk::cli
