// clipdesk-cli tags: the tags of the library's photos (or of a folder or photo), one JSON line
// per photo; and clipdesk-cli tag-set: the user's decisions (add, accept, reject), which later
// automatic runs never overwrite.

#include "cli_command.h"
#include "json_output.h"
#include "library_options.h"
#include "tag_paths.h"

#include "library/library_paths.h"
#include "library/tag_store.h"

namespace clipdesk::cli {
namespace {

Json tagJson(const TagRecord& t) {
    Json j{{"tag", t.tag}};
    j["score"] = t.score ? Json(*t.score) : Json(nullptr);
    j["source"] = tagSourceName(t.source);
    j["decision"] = tagDecisionName(t.decision);
    j["model"] = t.model;
    j["template_set"] = t.templateSet;
    return j;
}

class TagsCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("tags", "List the tags of a library's photos");
        library_.declare(cmd);
        cmd->add_flag("--rejected", rejected_, "Also list tags the user rejected");
        cmd->add_option("path", path_, "A folder or photo of the library (default: all)");
        return cmd;
    }

    int run() override {
        auto library = library_.open(LibraryAccess::Read);
        const auto tags = library->tags().tagsUnder(path_.empty() ? "" : normalisedPath(path_), rejected_);
        Json line;
        for (const auto& t : tags) {
            if (line.is_null() || line["path"] != t.path) {
                if (!line.is_null()) printJsonLine(line);
                line = Json{{"path", t.path}, {"tags", Json::array()}};
            }
            line["tags"].push_back(tagJson(t));
        }
        if (!line.is_null()) printJsonLine(line);
        return 0;
    }

private:
    LibraryOptions library_;
    bool rejected_ = false;
    std::string path_;
};

class TagSetCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("tag-set", "Add, accept or reject a tag on photos (kept by later runs)");
        library_.declare(cmd);
        cmd->add_option("--tag", tag_, "The tag")->required();
        auto* decision = cmd->add_option("--decision", decision_, "add (manual tag), accept or reject")
                             ->check(CLI::IsMember({"add", "accept", "reject"}));
        decision->required();
        cmd->add_option("photos", photos_, "Photos of the library")->required();
        return cmd;
    }

    int run() override {
        auto library = library_.open(LibraryAccess::Write);
        const auto ids = indexedPhotoIds(library->database(), photos_, "photo");
        if (decision_ == "add") {
            std::vector<PhotoKeywords> manual;
            for (const auto id : ids) manual.push_back({id, {tag_}});
            library->tags().addManualTags(manual);
        } else {
            library->tags().decideAll(ids, tag_, decision_ == "accept" ? TagDecision::Accepted : TagDecision::Rejected);
        }
        printJsonLine(Json{{"tag", tag_}, {"decision", decision_}, {"photos", ids.size()}});
        return 0;
    }

private:
    LibraryOptions library_;
    std::string tag_, decision_;
    std::vector<std::string> photos_;
};

}  // namespace

std::unique_ptr<CliCommand> makeTagsCommand() { return std::make_unique<TagsCommand>(); }
std::unique_ptr<CliCommand> makeTagSetCommand() { return std::make_unique<TagSetCommand>(); }

}  // namespace clipdesk::cli
