#pragma once
// The tagging use cases on one open library session: a zero-shot run, the review of one
// label (its scores over the scope, then apply at a cut-off), tag by example, and export.
// The window keeps one TaggingSession on its tagging worker, so the model is loaded once
// and the last label's scores stay for Apply; the CLI makes one per command.

#include "application/tagging_requests.h"
#include "base/job_control.h"

#include <optional>

namespace clipdesk {

class LibrarySession;

class TaggingSession {
public:
    explicit TaggingSession(LibrarySession& session);

    // Throws TaggingInputError (vocabulary, templates), UseCaseError (nothing indexed in scope,
    // model), JobCancelled before anything is written (label embeddings encoded so far stay
    // cached).
    ZeroShotTagResult runZeroShot(const ZeroShotTagRequest& request, const JobControl& control);

    // Scores every indexed photo in scope against the label (its synonyms from the
    // vocabulary, when it lists it) and keeps the scores for apply().
    const LabelScores& scoreLabel(const LabelScoresRequest& request, const JobControl& control);
    // The scores of the label last scored, if any.
    const std::optional<LabelScores>& lastScores() const { return scores_; }
    // Writes `tag`'s automatic tags at the cut-off from the scores scoreLabel() computed for
    // it (UseCaseError NoLabelScores otherwise). Decisions and manual tags are never touched.
    ThresholdApplyResult applyThreshold(const ThresholdApplyRequest& request, const JobControl& control);

    FewShotTagResult learnTag(const FewShotTagRequest& request, const JobControl& control);
    TagExportResult exportTags(const TagExportRequest& request, const JobControl& control);

private:
    LibrarySession& session_;
    std::optional<LabelScores> scores_;
};

}  // namespace clipdesk
