#include "application/tagging_session.h"

#include "label_context_fit.h"
#include "threshold_checks.h"

#include "application/library_session.h"
#include "application/use_case_error.h"
#include "base/atomic_file.h"
#include "base/utf8_text.h"
#include "clip/clip_embedder.h"
#include "library/library_paths.h"
#include "tagging/few_shot_tagger.h"
#include "tagging/label_threshold.h"
#include "library/tag_name.h"
#include "tagging/tag_export.h"
#include "tagging/xmp_sidecar.h"
#include "tagging/zero_shot_tagger.h"

#include <chrono>
#include <unordered_map>

namespace clipdesk {
namespace {

TagScope normalised(const TagScope& scope) {
    TagScope out;
    for (const auto& path : scope) out.push_back(normalisedPath(path));
    return out;
}

// The label as the vocabulary lists it (with its synonyms), else the tag alone.
LabelVocabulary labelOf(const std::string& tag, const std::string& vocabularyName) {
    try {
        const auto vocabulary = loadLabelVocabulary(vocabularyName);
        for (const auto& label : vocabulary.labels)
            if (label.name == tag) return LabelVocabulary{vocabulary.name, {label}};
    } catch (const std::exception&) {
        // An unreadable vocabulary only loses the synonyms.
    }
    return makeLabelVocabulary("tag", {tag});
}

// Paths of the photos in scope, by id.
std::unordered_map<std::int64_t, std::string> pathsIn(const LibraryDatabase& db, const TagScope& scope) {
    TagScope roots = scope;
    if (roots.empty())
        for (const auto& f : db.folders()) roots.push_back(f.path);
    std::unordered_map<std::int64_t, std::string> out;
    for (const auto& root : roots)
        for (auto& p : db.photosUnder(root)) out.emplace(p.id, std::move(p.path));
    return out;
}

}  // namespace

TaggingSession::TaggingSession(LibrarySession& session) : session_(session) {}

ZeroShotTagResult TaggingSession::runZeroShot(const ZeroShotTagRequest& request, const JobControl& control) {
    const auto start = std::chrono::steady_clock::now();
    requireProbability(request.minProbability, "min-probability");
    if (request.threshold) requireFiniteThreshold(*request.threshold, "threshold");
    const auto vocabulary = loadLabelVocabulary(request.labels);
    const auto templates = loadTemplateSet(request.templates);
    const TagScope scope = normalised(request.scope);
    session_.requireIndexedPhotos(scope);
    control.reportOrThrow(JobProgress{JobStage::Loading, 0, 0, {}});
    ClipEmbedder& model = session_.model(ModelTowers::textOnly());
    control.throwIfCancelled();
    // Before any encoding: labels whose prompts the model would cut are skipped and listed.
    auto inContext = labelsInContext(vocabulary, templates, model.tokenizer(), model.config().text.contextLength);
    if (inContext.fitting.labels.empty())
        throw UseCaseError(UseCaseProblem::NoLabelFitsContext, vocabulary.name,
                           vocabulary.name + ": no label fits the model's context of " +
                               std::to_string(model.config().text.contextLength) + " tokens with the templates " +
                               templates.name + " (the shortest prompt is too long; use shorter labels or templates)");

    TagScoringOptions options;
    options.mode = request.multi ? TagMode::Multi : TagMode::Single;
    options.topK = std::max(1, request.topK);
    options.minProbability = request.minProbability;
    options.method = parseThresholdMethod(request.thresholdMethod);
    options.threshold = request.threshold ? *request.threshold : defaultThreshold(options.method);
    options.logitScale = model.logitScale();
    const auto lock = session_.lockForWriting();
    auto run = tagZeroShot(session_.library(), model, {inContext.fitting, templates, options, scope}, &control);

    ZeroShotTagResult result;
    result.photos = run.photos;
    for (const auto& tags : run.tags)
        if (!tags.empty()) ++result.tagged;
    result.labels = run.labels;
    result.labelsEncoded = run.labelsEncoded;
    result.skippedLabels = std::move(inContext.skipped);
    result.written = run.written;
    result.templateSet = templates.name;
    result.templates = templates.templates.size();
    result.threshold = options.threshold;
    result.encodeSeconds = run.encodeSeconds;
    result.scoreSeconds = run.scoreSeconds;
    result.photoIds = std::move(run.photoIds);
    result.tags = std::move(run.tags);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

const LabelScores& TaggingSession::scoreLabel(const LabelScoresRequest& request, const JobControl& control) {
    const auto templates = loadTemplateSet(request.templates);
    const TagScope scope = normalised(request.scope);
    session_.requireIndexedPhotos(scope);
    const LibraryDatabase& db = session_.library().database();
    control.reportOrThrow(JobProgress{JobStage::Loading, 0, 0, {}});
    ClipEmbedder& model = session_.model(ModelTowers::textOnly());
    const auto label = labelEmbeddingsFor(session_.library(), model, labelOf(request.tag, request.labels), templates, &control).rows;
    control.reportOrThrow(JobProgress{JobStage::Scoring, 0, 1, {}});
    const auto scores = scoreLabelOverLibrary(db, label[0], scope);
    const auto paths = pathsIn(db, scope);

    LabelScores result;
    result.tag = request.tag;
    result.templateKey = templates.key;
    result.scope = scope;
    result.photos.reserve(scores.size());
    for (const auto& s : scores) {
        const auto it = paths.find(s.photoId);
        result.photos.push_back({s.photoId, it == paths.end() ? std::string() : it->second, s.cosine});
    }
    control.report(JobProgress{JobStage::Scoring, 1, 1, {}});
    scores_ = std::move(result);
    return *scores_;
}

ThresholdApplyResult TaggingSession::applyThreshold(const ThresholdApplyRequest& request, const JobControl& control) {
    requireFiniteThreshold(request.cutOff, "cut-off");
    if (!scores_ || scores_->tag != request.tag)
        throw UseCaseError(UseCaseProblem::NoLabelScores, request.tag,
                           request.tag + ": score the label over the photos before applying a threshold");
    std::vector<PhotoScore> scores;
    scores.reserve(scores_->photos.size());
    for (const auto& p : scores_->photos) scores.push_back({p.photoId, p.score});
    control.reportOrThrow(JobProgress{JobStage::Writing, 0, 1, {}});
    const auto lock = session_.lockForWriting();
    ThresholdApplyResult result;
    result.written = applyLabelThreshold(session_.library(), request.tag, scores_->templateKey, scores,
                                         request.cutOff);
    result.photos = static_cast<std::int64_t>(scores.size());
    result.tagged = static_cast<std::int64_t>(scores_->passing(request.cutOff));
    control.report(JobProgress{JobStage::Writing, 1, 1, {}});
    return result;
}

FewShotTagResult TaggingSession::learnTag(const FewShotTagRequest& request, const JobControl& control) {
    if (trimmed(request.tag).empty()) throw UseCaseError(UseCaseProblem::NoTagName, "", "name the tag to learn");
    const std::string tag = checkedTagName(request.tag);
    if (request.examples.empty())
        throw UseCaseError(UseCaseProblem::NoExamples, tag, tag + ": mark at least one photo as an example of the tag");
    requireProbability(request.threshold, "threshold");
    const auto templates = loadTemplateSet(request.templates);
    const TagScope scope = normalised(request.scope);
    ClipEmbedder* prior = nullptr;
    if (request.textPrior) {
        control.reportOrThrow(JobProgress{JobStage::Loading, 0, 0, {}});
        prior = &session_.model(ModelTowers::textOnly());
    }
    control.reportOrThrow(JobProgress{JobStage::Scoring, 0, 1, {}});
    FewShotOptions options;
    options.backgroundPhotos = request.backgroundPhotos;
    options.threshold = request.threshold;
    options.probe.l2 = request.l2;
    options.seed = request.seed;
    const auto lock = session_.lockForWriting();
    const auto run = tagByExample(session_.library(), prior, templates,
                                  {tag, request.examples, request.counterExamples, scope}, options);
    const LibraryDatabase& db = session_.library().database();
    FewShotTagResult result;
    result.photos = run.photos;
    result.examples = run.positives;
    result.counterExamples = run.counterExamples;
    result.background = run.background;
    result.textPrior = run.textPrior;
    result.written = run.written;
    for (const auto& t : run.tags)
        result.tagged.push_back({t.photoId, db.photoPath(t.photoId).value_or(""), static_cast<float>(t.score)});
    control.report(JobProgress{JobStage::Scoring, 1, 1, {}});
    return result;
}

TagExportResult TaggingSession::exportTags(const TagExportRequest& request, const JobControl& control) {
    const auto tags = session_.library().tags().tagsIn(normalised(request.scope), false);
    TagExportResult result;
    const auto photos = keywordsByPhoto(tags);
    result.photos = static_cast<std::int64_t>(photos.size());
    if (request.format == "csv" || request.format == "json") {
        const auto text = request.format == "csv" ? tagsToCsv(tags) : tagsToJson(tags);
        if (request.outFile.empty())
            result.text = text;
        else
            writeFileAtomically(request.outFile, text);
        result.tags = static_cast<std::int64_t>(tags.size());
        return result;
    }
    if (request.format != "xmp")
        throw std::invalid_argument("unknown export format '" + request.format + "' (expected csv, json or xmp)");
    std::int64_t done = 0;
    for (const auto& [photo, keywords] : photos) {
        control.throwIfCancelled();
        try {
            const auto written = mergeSidecarKeywords(photo, keywords);
            result.sidecarWrites.push_back({photo, written.sidecar.string(), written.added, written.created, {}});
            ++result.sidecars;
        } catch (const std::exception& e) {
            result.sidecarWrites.push_back({photo, sidecarPath(photo).string(), 0, false, e.what()});
            result.problems.push_back({photo, e.what()});
        }
        control.report(JobProgress{JobStage::Writing, ++done, result.photos, photo});
    }
    return result;
}

}  // namespace clipdesk
