// clipdesk-cli tag-examples: few-shot "tag by example". A linear probe learns the tag from the
// stored embeddings of the example photos (counter-examples and random library photos are the
// negatives), starting from the tag's zero-shot text embedding, and tags the photos it scores
// at or above --threshold.

#include "cli_command.h"
#include "json_output.h"
#include "library_options.h"
#include "number_checks.h"
#include "tag_paths.h"

#include "application/tagging_session.h"

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
        cmd->add_option("--background", backgroundPhotos_, "Random library photos used as weak negatives")
            ->check(nonNegativeNumber())
            ->capture_default_str();
        cmd->add_option("--threshold", threshold_, "Probability needed to tag a photo")->capture_default_str();
        cmd->add_option("--l2", l2_, "L2 penalty of the probe")->capture_default_str();
        cmd->add_option("--seed", seed_, "Which background photos")->capture_default_str();
        cmd->add_option("--top", top_, "Print at most this many tagged photos")->capture_default_str();
        cmd->add_option("--in", scope_, "Tag only photos in these folders (default: all)");
        return cmd;
    }

    int run() override {
        auto session = library_.openSession(LibraryAccess::Write, model_);
        auto& db = session->library().database();
        FewShotTagRequest request;
        request.tag = tag_;
        request.templates = templates_;
        request.scope = scope_;
        request.examples = indexedPhotoIds(db, examples_, "example");
        request.counterExamples = indexedPhotoIds(db, counter_, "counter-example");
        request.textPrior = !noTextPrior_;
        request.backgroundPhotos = backgroundPhotos_;
        request.threshold = threshold_;
        request.l2 = l2_;
        request.seed = seed_;
        const auto run = TaggingSession(*session).learnTag(request, JobControl());
        for (std::size_t i = 0; i < run.tagged.size() && static_cast<int>(i) < top_; ++i)
            printJsonLine(Json{{"path", run.tagged[i].path}, {"tag", tag_}, {"probability", run.tagged[i].score}});
        printJsonLine(Json{{"summary", true},
                           {"tag", tag_},
                           {"examples", run.examples},
                           {"counter_examples", run.counterExamples},
                           {"background", run.background},
                           {"text_prior", run.textPrior},
                           {"photos", run.photos},
                           {"tagged", run.tagged.size()},
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
    int backgroundPhotos_ = 1000;
    double threshold_ = 0.5;
    double l2_ = 1e-3;
    std::uint64_t seed_ = 0;
};

}  // namespace

std::unique_ptr<CliCommand> makeTagExamplesCommand() { return std::make_unique<TagExamplesCommand>(); }

}  // namespace clipdesk::cli
