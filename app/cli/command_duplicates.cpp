// clipdesk-cli duplicates: groups of near-duplicate photos of a library, one JSON line per group:
// {"group", "max_distance", "keeper", "photos": [{"path", "folder", "width", "height",
// "file_size", "taken_at", "distance", "keeper"}]}, the suggested keeper first (largest
// resolution, then largest file). Nothing is changed; the window's review marks photos.

#include "cli_command.h"
#include "json_output.h"
#include "library_options.h"

#include "application/duplicate_review.h"

namespace clipdesk::cli {
namespace {

class DuplicatesCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("duplicates", "List groups of near-duplicate photos of a library as JSON Lines");
        library_.declare(cmd);
        cmd->add_option("--threshold", threshold_,
                        "Maximum cosine distance between duplicates (default: the one chosen for the library's model, "
                        "else the model's default)");
        return cmd;
    }

    int run() override {
        auto session = library_.openSession(LibraryAccess::Read, ModelOptions{});
        DuplicatesRequest request;
        request.maxDistance = threshold_;
        const auto result = findDuplicates(*session, request, JobControl{});
        std::int64_t number = 0;
        for (const auto& group : result.groups) {
            Json photos = Json::array();
            for (const auto& p : group.photos)
                photos.push_back(Json{{"path", p.path},
                                      {"folder", p.folder},
                                      {"width", p.width},
                                      {"height", p.height},
                                      {"file_size", p.fileSize},
                                      {"taken_at", p.takenAt ? Json(*p.takenAt) : Json(nullptr)},
                                      {"distance", static_cast<float>(p.distance)},
                                      {"keeper", &p == &group.keeper()}});
            printJsonLine(Json{{"group", ++number},
                               {"max_distance", static_cast<float>(result.maxDistance)},
                               {"keeper", group.keeper().path},
                               {"photos", photos}});
        }
        return 0;
    }

private:
    LibraryOptions library_;
    std::optional<double> threshold_;
};

}  // namespace

std::unique_ptr<CliCommand> makeDuplicatesCommand() { return std::make_unique<DuplicatesCommand>(); }

}  // namespace clipdesk::cli
