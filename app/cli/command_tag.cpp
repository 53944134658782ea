// clipdesk-cli tag: zero-shot tags for a library (or folders/photos of it) from the stored
// embeddings. Label embeddings are prompt ensembles cached in the library database, so a second
// run with the same model, templates and labels costs one matrix product.

#include "cli_command.h"
#include "json_output.h"
#include "library_options.h"
#include "number_checks.h"

#include "application/tagging_session.h"
#include "application/use_case_error.h"
#include "tagging/label_vocabulary.h"
#include "tagging/tag_scoring.h"
#include "tagging/template_set.h"

#include <iostream>

namespace clipdesk::cli {
namespace {

class TagCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("tag", "Tag photos zero-shot with a label vocabulary and prompt templates");
        library_.declare(cmd);
        model_.declare(cmd);
        cmd->add_option("--labels", labels_, "Label file (one per line, 'label: synonym, ...') or 'builtin'")
            ->capture_default_str();
        cmd->add_option("--templates", templates_, "imagenet80, short7, single or a file (one template per line with {})")
            ->capture_default_str();
        cmd->add_option("--mode", mode_, "single: softmax over labels, top-k; multi: per-label thresholds")
            ->check(CLI::IsMember({"single", "multi"}))
            ->capture_default_str();
        cmd->add_option("--top,-k", topK_, "At most this many tags per photo")->check(positiveNumber())->capture_default_str();
        cmd->add_option("--min-probability", minProbability_, "single mode: drop tags below this probability")
            ->capture_default_str();
        cmd->add_option("--threshold-method", method_, "multi mode: zmargin (z-score over the best other label's), zscore (per label, from the "
                        "library), margin (cosine over the best other label's) or fixed (one cosine cut-off)")
            ->check(CLI::IsMember({"zmargin", "zscore", "margin", "fixed"}))
            ->capture_default_str();
        cmd->add_option("--threshold", threshold_, "multi mode: the method's threshold (default: the method's own)");
        cmd->add_flag("--quiet", quiet_, "Print only the summary line");
        cmd->add_option("paths", paths_, "Folders or photos of the library to tag (default: all)");
        return cmd;
    }

    int run() override {
        ZeroShotTagRequest request;
        request.labels = labels_;
        request.templates = templates_;
        request.scope = paths_;
        request.multi = mode_ == "multi";
        request.topK = topK_;
        request.minProbability = minProbability_;
        request.thresholdMethod = method_;
        request.threshold = threshold_;
        auto session = library_.openSession(LibraryAccess::Write, model_);
        const JobControl control;
        ZeroShotTagResult run;
        try {
            run = TaggingSession(*session).runZeroShot(request, control);
        } catch (const UseCaseError& e) {
            if (e.problem() != UseCaseProblem::NoIndexedPhotos && e.problem() != UseCaseProblem::NoIndexedPhotosInScope)
                throw;
            // Nothing to tag is not a failure: the summary says 0 photos.
            const auto templates = loadTemplateSet(templates_);
            run.labels = static_cast<std::int64_t>(loadLabelVocabulary(labels_).labels.size());
            run.templateSet = templates.name;
            run.templates = templates.templates.size();
            run.threshold = request.multi ? (threshold_ ? *threshold_ : defaultThreshold(parseThresholdMethod(method_))) : 0;
        }

        auto& db = session->library().database();
        if (!quiet_)
            for (std::size_t i = 0; i < run.photoIds.size(); ++i) {
                Json tags = Json::array();
                for (const auto& t : run.tags[i])
                    tags.push_back(Json{{"tag", t.tag}, {"score", t.score}, {"cosine", t.cosine.value_or(0)}});
                printJsonLine(Json{{"path", db.photoPath(run.photoIds[i]).value_or("")}, {"tags", tags}});
            }
        Json skipped = Json::array();
        std::string skippedNames;
        for (const auto& s : run.skippedLabels) {
            skipped.push_back(Json{{"label", s.label}, {"source", s.source}, {"prompt", s.prompt}, {"tokens", s.tokens}});
            skippedNames += (skippedNames.empty() ? "" : ", ") + s.label + " (" + s.source + ", " +
                            std::to_string(s.tokens) + " tokens)";
        }
        if (!run.skippedLabels.empty())
            std::cerr << "clipdesk-cli: warning: skipped " << run.skippedLabels.size()
                      << " label(s) whose prompts are longer than the model's context of "
                      << run.skippedLabels.front().contextLength << " tokens: " << skippedNames << "\n";
        printJsonLine(Json{{"summary", true},
                           {"photos", run.photos},
                           {"tagged", run.tagged},
                           {"labels", run.labels},
                           {"labels_encoded", run.labelsEncoded},
                           {"skipped_labels", skipped},
                           {"templates", run.templates},
                           {"template_set", run.templateSet},
                           {"mode", mode_},
                           {"threshold_method", request.multi ? method_ : ""},
                           {"threshold", request.multi ? run.threshold : minProbability_},
                           {"written", run.written.written},
                           {"kept_user_tags", run.written.kept},
                           {"encode_seconds", run.encodeSeconds},
                           {"score_seconds", run.scoreSeconds}});
        if (run.photos == 0) std::cerr << "clipdesk-cli: warning: no indexed photos to tag\n";
        return 0;
    }

private:
    LibraryOptions library_;
    ModelOptions model_;
    std::string labels_ = "builtin", templates_ = "imagenet80", mode_ = "single", method_ = "margin";
    std::optional<double> threshold_;
    int topK_ = 5;
    double minProbability_ = 0;
    bool quiet_ = false;
    std::vector<std::string> paths_;
};

}  // namespace

std::unique_ptr<CliCommand> makeTagCommand() { return std::make_unique<TagCommand>(); }

}  // namespace clipdesk::cli
