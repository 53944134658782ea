// clipdesk-cli tag-examples: few-shot "tag by example". A linear probe learns the tag from the
// stored embeddings of the example photos (counter-examples and random library photos are the
// negatives), starting from the tag's zero-shot text embedding, and tags the photos it scores
// at or above --threshold.

#include "cli_command.h"
#include "json_output.h"
#include "library_options.h"
#include "tag_paths.h"

#include "tagging/few_shot_tagger.h"

namespace clipdesk::cli {
namespace {

class TagExamplesCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("tag-examples", "Learn a tag from example photos and tag the library");
        library_.declare(cmd);
        model_.declare(cmd);
        cmd->add_option("--tag", tag_, "The tag")->required();
        cmd->add_option("--examples", examples_, "Photos that show the tag")->required()->expected(1, -1);
        cmd->add_option("--counter", counter_, "Photos that do not")->expected(1, -1);
        cmd->add_option("--templates", templates_, "Templates for the tag's text prior")->capture_default_str();
        cmd->add_flag("--no-text-prior", noTextPrior_, "Learn from the examples alone");
        cmd->add_option("--background", options_.backgroundPhotos, "Random library photos used as weak negatives")
            ->check(CLI::NonNegativeNumber)
            ->capture_default_str();
        cmd->add_option("--threshold", options_.threshold, "Probability needed to tag a photo")->capture_default_str();
        cmd->add_option("--l2", options_.probe.l2, "L2 penalty of the probe")->capture_default_str();
        cmd->add_option("--seed", options_.seed, "Which background photos")->capture_default_str();
        cmd->add_option("--top", top_, "Print at most this many tagged photos")->capture_default_str();
        cmd->add_option("--in", scope_, "Tag only photos in these folders (default: all)");
        return cmd;
    }

    int run() override {
        const auto templates = loadTemplateSet(templates_);
        auto library = library_.open(LibraryAccess::Write);
        auto& db = library->database();
        const auto examples = indexedPhotoIds(db, examples_, "example");
        const auto counter = indexedPhotoIds(db, counter_, "counter-example");
        std::unique_ptr<ClipEmbedder> embedder;
        if (!noTextPrior_) embedder = openLibraryModel(model_, *library);
        const auto run = tagByExample(*library, embedder.get(), templates, tag_, examples, counter, options_,
                                      normalisedPaths(scope_));
        for (std::size_t i = 0; i < run.tags.size() && static_cast<int>(i) < top_; ++i)
            printJsonLine(Json{{"path", db.photoPath(run.tags[i].photoId).value_or("")}, {"tag", tag_},
                               {"probability", run.tags[i].score}});
        printJsonLine(Json{{"summary", true},
                           {"tag", tag_},
                           {"examples", run.positives},
                           {"counter_examples", run.counterExamples},
                           {"background", run.background},
                           {"text_prior", run.textPrior},
                           {"photos", run.photos},
                           {"tagged", run.tags.size()},
                           {"written", run.written.written},
                           {"kept_user_tags", run.written.kept}});
        return 0;
    }

private:
    LibraryOptions library_;
    ModelOptions model_;
    std::string tag_, templates_ = "imagenet80";
    std::vector<std::string> examples_, counter_, scope_;
    bool noTextPrior_ = false;
    int top_ = 20;
    FewShotOptions options_;
};

}  // namespace

std::unique_ptr<CliCommand> makeTagExamplesCommand() { return std::make_unique<TagExamplesCommand>(); }

}  // namespace clipdesk::cli
