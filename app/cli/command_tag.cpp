// clipdesk-cli tag: zero-shot tags for a library (or folders/photos of it) from the stored
// embeddings. Label embeddings are prompt ensembles cached in the library database, so a second
// run with the same model, templates and labels costs one matrix product.

#include "cli_command.h"
#include "json_output.h"
#include "library_options.h"
#include "tag_paths.h"

#include "tagging/zero_shot_tagger.h"

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
        cmd->add_option("--top,-k", options_.topK, "At most this many tags per photo")->check(CLI::PositiveNumber)->capture_default_str();
        cmd->add_option("--min-probability", options_.minProbability, "single mode: drop tags below this probability")
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
        const auto vocabulary = loadLabelVocabulary(labels_);
        const auto templates = loadTemplateSet(templates_);
        auto library = library_.open(LibraryAccess::Write);
        auto embedder = openLibraryModel(model_, *library);
        options_.mode = mode_ == "multi" ? TagMode::Multi : TagMode::Single;
        options_.method = parseThresholdMethod(method_);
        options_.threshold = threshold_ ? *threshold_ : defaultThreshold(options_.method);
        options_.logitScale = embedder->logitScale();
        const auto run = tagZeroShot(*library, *embedder, vocabulary, templates, options_, normalisedPaths(paths_));

        auto& db = library->database();
        std::int64_t tagged = 0;
        for (std::size_t i = 0; i < run.photoIds.size(); ++i) {
            if (!run.tags[i].empty()) ++tagged;
            if (quiet_) continue;
            Json tags = Json::array();
            for (const auto& t : run.tags[i])
                tags.push_back(Json{{"tag", t.tag}, {"score", t.score}, {"cosine", t.cosine.value_or(0)}});
            printJsonLine(Json{{"path", db.photoPath(run.photoIds[i]).value_or("")}, {"tags", tags}});
        }
        printJsonLine(Json{{"summary", true},
                           {"photos", run.photos},
                           {"tagged", tagged},
                           {"labels", run.labels},
                           {"labels_encoded", run.labelsEncoded},
                           {"templates", templates.templates.size()},
                           {"template_set", templates.name},
                           {"mode", mode_},
                           {"threshold_method", options_.mode == TagMode::Multi ? method_ : ""},
                           {"threshold", options_.mode == TagMode::Multi ? options_.threshold : options_.minProbability},
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
    TagScoringOptions options_;
    bool quiet_ = false;
    std::vector<std::string> paths_;
};

}  // namespace

std::unique_ptr<CliCommand> makeTagCommand() { return std::make_unique<TagCommand>(); }

}  // namespace clipdesk::cli
