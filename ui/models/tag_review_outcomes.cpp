// TagReviewModel: what happens when the tagging job answers a request.

#include "models/tag_review_model.h"

#include <algorithm>

namespace clipdesk::ui {

void TagReviewModel::takeOutcome(const TaggingOutcome& outcome) {
    const bool lookUp = outcome.kind == TaggingKind::LabelScores;
    if (!outcome.error.isEmpty() && !(lookUp && outcome.cancelled)) {
        Q_EMIT message(outcome.error, MessageKind::Error);
    } else if (outcome.cancelled) {
        if (!lookUp) Q_EMIT message(translated(QT_TR_NOOP("Cancelled; nothing was written.")), MessageKind::Result);
    } else if (lookUp) {
        takeLabelScores(outcome.labelScores);
    } else {
        if (outcome.kind == TaggingKind::Export) takeExportProblems(outcome.exported);
        if (outcome.kind == TaggingKind::FewShot) pendingSelect_ = learntTag_;  // show the learnt tag's photos
        if (outcome.kind == TaggingKind::FewShot || outcome.kind == TaggingKind::ApplyThreshold) previewing_ = false;
        Q_EMIT message(outcomeMessage(outcome), MessageKind::Result);
    }
    if (queued_) startQueued();
    else if (!scores_ && !(lookUp && scoringTag_ == selectedTag_ && scoringEpoch_ == scoresEpoch_))
        scoreSelectedLabel();  // selected (or made stale) while another job ran
    if (!lookUp && outcome.kind != TaggingKind::Export) refreshTags();
    Q_EMIT busyChanged();
}

void TagReviewModel::startQueued() {
    const Start next = std::move(queued_);
    queued_ = nullptr;
    prepareJob();
    if (!next()) refuse(QT_TR_NOOP("Another tagging job is running; wait for it or cancel it."));
}

void TagReviewModel::takeLabelScores(const LabelScores& scores) {
    // Another tag is selected now, or the scope, prompts or library changed while it scored.
    if (QString::fromStdString(scores.tag) != selectedTag_ || scoringEpoch_ != scoresEpoch_) return;
    scores_ = scores;
    cutOff_ = cutOffWhereTagged();
    Q_EMIT labelScoresChanged();
    Q_EMIT cutOffChanged(cutOff_);
}

float TagReviewModel::cutOffWhereTagged() const {
    // The slider starts where the label's tags are now: the lowest cosine that carries it.
    if (scores_->photos.empty()) return 0;
    QSet<qint64> tagged;
    for (const auto& row : overview_.rows)
        if (row.tag == selectedTag_ && row.decision != TaggedPhoto::Rejected) tagged.insert(row.photoId);
    float lowest = scores_->photos.front().score;
    for (const auto& photo : scores_->photos)
        if (tagged.contains(photo.photoId)) lowest = std::min(lowest, photo.score);
    return lowest;
}

void TagReviewModel::takeExportProblems(const TagExportResult& exported) {
    exportProblems_.clear();
    for (const auto& problem : exported.problems) {
        const QString path = QString::fromStdString(problem.path);
        const QString reason = QString::fromStdString(problem.reason);
        exportProblems_ << (reason.contains(path) ? reason : path + QStringLiteral(": ") + reason);
    }
    Q_EMIT exportProblemsChanged();
}

TranslatableText TagReviewModel::outcomeMessage(const TaggingOutcome& outcome) const {
    // The message keeps the counts, not the photo lists: it can stay on screen for long.
    TaggingOutcome counts = outcome;
    counts.labelScores = {};
    counts.exported.sidecarWrites.clear();
    counts.exported.text.clear();
    const auto byExample = qint64(outcome.fewShot.tagged.size());
    counts.fewShot.tagged.clear();
    return translatable([counts, byExample, tag = appliedTag_, cutOff = appliedCutOff_, learnt = learntTag_] {
        return outcomeText(counts, byExample, tag, cutOff, learnt);
    });
}

QString TagReviewModel::outcomeText(const TaggingOutcome& outcome, qint64 taggedByExample, const QString& appliedTag,
                                    float appliedCutOff, const QString& learntTag) {
    switch (outcome.kind) {
    case TaggingKind::ZeroShot: {
        const ZeroShotTagResult& r = outcome.zeroShot;
        QString message = tr("Tagged %1 of %n photo(s) with %2 labels (%3 encoded) in %4 s; %5 of your decisions kept.",
                             nullptr, int(r.photos))
                              .arg(r.tagged)
                              .arg(r.labels)
                              .arg(r.labelsEncoded)
                              .arg(QString::number(outcome.seconds, 'f', 1))
                              .arg(r.written.kept);
        if (!r.skippedLabels.empty()) {
            QStringList names;
            for (const auto& skipped : r.skippedLabels) names << QString::fromStdString(skipped.label);
            message += QLatin1Char(' ') +
                       tr("Skipped %n label(s) too long for this model (%1 tokens): %2.", nullptr,
                          int(r.skippedLabels.size()))
                           .arg(r.skippedLabels.front().contextLength)
                           .arg(names.join(QStringLiteral(", ")));
        }
        return message;
    }
    case TaggingKind::ApplyThreshold:
        return tr("“%1”: %2 photos at cosine ≥ %3; %4 tags written, %5 of your decisions kept.")
            .arg(appliedTag)
            .arg(outcome.applied.tagged)
            .arg(QString::number(appliedCutOff, 'f', 3))
            .arg(outcome.applied.written.written)
            .arg(outcome.applied.written.kept);
    case TaggingKind::FewShot:
        return tr("Learned “%1” from %2 examples: %3 photos tagged.")
            .arg(learntTag)
            .arg(outcome.fewShot.examples)
            .arg(taggedByExample);
    case TaggingKind::Export: {
        const TagExportResult& r = outcome.exported;
        if (!r.problems.empty())
            return tr("Wrote %1 sidecars; %n failed:", nullptr, int(r.problems.size())).arg(r.sidecars);
        return r.sidecars > 0 ? tr("Wrote %n XMP sidecar(s).", nullptr, int(r.sidecars))
                              : tr("Exported the tags of %n photo(s).", nullptr, int(r.photos));
    }
    case TaggingKind::LabelScores:
        break;
    }
    return {};
}

}  // namespace clipdesk::ui
