#include "models/tag_review_model.h"

#include "services/prompt_files.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace clipdesk::ui {
namespace {

TagScope toScope(const QStringList& folders) {
    TagScope scope;
    for (const QString& folder : folders) scope.push_back(folder.toStdString());
    return scope;
}

std::vector<std::int64_t> sortedIds(const QSet<qint64>& ids) {
    std::vector<std::int64_t> sorted(ids.begin(), ids.end());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

}  // namespace

TagReviewModel::TagReviewModel(TaggingJob& job, QObject* parent) : QObject(parent), job_(job) {
    connect(&job_, &TaggingJob::started, this, &TagReviewModel::busyChanged);
    connect(&job_, &TaggingJob::progressChanged, this, &TagReviewModel::onProgress);
    connect(&job_, &TaggingJob::finished, this, &TagReviewModel::takeOutcome);
    connect(&overviewWatcher_, &QFutureWatcher<TagOverview>::finished, this, &TagReviewModel::onOverviewRead);
    connect(&decisionWatcher_, &QFutureWatcher<QString>::finished, this, [this] {
        const QString error = decisionWatcher_.result();
        if (!error.isEmpty()) Q_EMIT message(translatable([error] { return tr("Could not save the decision: %1").arg(error); }),
                                             MessageKind::Error);
        refreshTags();
    });
}

void TagReviewModel::setLibrary(const QString& libraryDir, int threads) {
    threads_ = threads;
    if (libraryDir == libraryDir_) return;
    libraryDir_ = libraryDir;
    dropScores();
    if (!examples_.isEmpty() || !counterExamples_.isEmpty()) clearExamples();
}

void TagReviewModel::setLibraryOverview(const LibraryOverview& overview) {
    setLibrary(overview.dir, threads_);
    libraryExists_ = overview.exists;
    // The library was read again because it changed (an index run, a folder forgotten): the
    // window has the job reopen it, so the scores the worker kept for Apply are gone.
    dropScores();
}

void TagReviewModel::setScope(const QStringList& checkedFolders, int folderCount) {
    const QStringList scope = checkedFolders.size() == folderCount ? QStringList() : checkedFolders;
    nothingChecked_ = folderCount > 0 && checkedFolders.isEmpty();
    if (scope == scope_) return;
    scope_ = scope;
    dropScores();
    refreshTags();
}

void TagReviewModel::setPrompts(const QString& labels, const QString& templates) {
    labels_ = labels;  // the same file may have been edited: the label's scores are stale either way
    templates_ = templates;
    dropScores();
}

QStringList TagReviewModel::tagsOf(qint64 photoId) const {
    QStringList tags;
    for (const auto& row : overview_.rows)
        if (row.photoId == photoId && row.decision != TaggedPhoto::Rejected) tags << row.tag;
    return tags;
}

const LabelScores* TagReviewModel::labelScores() const { return scores_ ? &*scores_ : nullptr; }

int TagReviewModel::passingCount() const { return scores_ ? int(scores_->passing(cutOff_)) : 0; }

int TagReviewModel::scoredCount() const { return scores_ ? int(scores_->photos.size()) : 0; }

bool TagReviewModel::isBusy() const {
    return (job_.isRunning() && job_.runningKind() != TaggingKind::LabelScores) || bool(queued_);
}

void TagReviewModel::refreshTags() {
    if (overviewWatcher_.isRunning()) {
        refreshAgain_ = true;
        return;
    }
    const QString dir = libraryDir_;
    const QStringList folders = scope_;
    overviewWatcher_.setFuture(QtConcurrent::run([dir, folders] { return readTagOverview(dir, folders); }));
}

void TagReviewModel::onOverviewRead() {
    if (refreshAgain_) {
        refreshAgain_ = false;
        refreshTags();
        return;
    }
    takeOverview(overviewWatcher_.result());
}

void TagReviewModel::takeOverview(const TagOverview& overview) {
    overview_ = overview;
    if (!overview_.error.isEmpty())
        Q_EMIT message(translatable([error = overview_.error] { return tr("Could not read the tags: %1").arg(error); }),
                       MessageKind::Error);
    QString keep = pendingSelect_.isEmpty() ? selectedTag_ : pendingSelect_;
    pendingSelect_.clear();
    if (!hasTag(keep)) keep.clear();
    Q_EMIT overviewChanged();
    if (keep != selectedTag_) selectTag(keep);
    else if (!previewing_) showTagPhotos();
    if (!selectedTag_.isEmpty() && !scores_) scoreSelectedLabel();  // the scope or library changed
    if (overview_.indexedPhotos == 0 && !job_.isRunning() && libraryExists_)
        Q_EMIT message(translated(QT_TR_NOOP("No indexed photos in the checked folders: index them on the Library page first.")),
                       MessageKind::Hint);
}

bool TagReviewModel::requestSelectTag(const QString& tag) {
    if (!tag.isEmpty() && !hasTag(tag)) return refuse(translatable([tag] { return tr("No tag “%1” in the checked folders.").arg(tag); }));
    selectTag(tag);
    return true;
}

void TagReviewModel::selectTag(const QString& tag) {
    const bool changed = tag != selectedTag_;
    selectedTag_ = tag;
    previewing_ = false;
    if (scores_ && QString::fromStdString(scores_->tag) != tag) dropScores();
    showTagPhotos();
    if (changed) Q_EMIT selectedTagChanged(tag);
    if (!tag.isEmpty() && !scores_) scoreSelectedLabel();
}

bool TagReviewModel::requestDecision(const QList<qint64>& photoIds, Decision decision) {
    if (selectedTag_.isEmpty()) return refuse(QT_TR_NOOP("Select a tag first."));
    if (photoIds.isEmpty()) return refuse(QT_TR_NOOP("Select photos in the grid first."));
    if (!areShown(photoIds)) return refuse(QT_TR_NOOP("Those photos are no longer shown."));
    if (decisionWatcher_.isRunning()) return refuse(QT_TR_NOOP("The last decision is still being saved."));
    const QString dir = libraryDir_;
    const QString tag = selectedTag_;
    const int value = decision == Decision::Accept ? TaggedPhoto::Accepted : TaggedPhoto::Rejected;
    previewing_ = false;  // the grid shows the tag's photos again once the decision is read back
    decisionWatcher_.setFuture(
        QtConcurrent::run([dir, photoIds, tag, value] { return decideTag(dir, photoIds, tag, value); }));
    const int n = int(photoIds.size());
    Q_EMIT message(translatable([accepted = decision == Decision::Accept, tag, n] {
                       return accepted ? tr("Accepted “%1” on %n photo(s)", nullptr, n).arg(tag)
                                       : tr("Rejected “%1” on %n photo(s)", nullptr, n).arg(tag);
                   }),
                   MessageKind::Transient);
    return true;
}

bool TagReviewModel::requestScores() {
    if (selectedTag_.isEmpty()) return refuse(QT_TR_NOOP("Select a tag first."));
    if (job_.isRunning() || queued_) return refuse(QT_TR_NOOP("Another tagging job is running; wait for it or cancel it."));
    return scoreSelectedLabel();
}

bool TagReviewModel::scoreSelectedLabel() {
    if (selectedTag_.isEmpty() || job_.isRunning() || queued_) return false;  // asked again when the job ends
    LabelScoresRequest request;
    request.tag = selectedTag_.toStdString();
    request.labels = labels_.toStdString();
    request.templates = templates_.toStdString();
    request.scope = toScope(scope_);
    prepareJob();
    if (!job_.scoreLabel(request)) return false;
    scoringTag_ = selectedTag_;
    scoringEpoch_ = scoresEpoch_;
    return true;
}

bool TagReviewModel::setCutOff(float cutOff) {
    if (!scores_) return refuse(QT_TR_NOOP("The selected tag has not been scored yet."));
    cutOff_ = cutOff;
    previewing_ = true;
    Q_EMIT cutOffChanged(cutOff_);
    showPassingPhotos();
    return true;
}

bool TagReviewModel::requestApply() {
    if (!scores_) return refuse(QT_TR_NOOP("The selected tag has not been scored yet."));
    // The worker applies to the label it scored last, which is the selected one.
    ThresholdApplyRequest request{selectedTag_.toStdString(), cutOff_};
    if (!startRequest([this, request] { return job_.applyThreshold(request); })) return false;
    appliedTag_ = selectedTag_;
    appliedCutOff_ = cutOff_;
    return true;
}

bool TagReviewModel::requestMarkExamples(const QList<qint64>& photoIds) {
    if (photoIds.isEmpty()) return refuse(QT_TR_NOOP("Select photos in the grid first."));
    if (!areShown(photoIds)) return refuse(QT_TR_NOOP("Those photos are no longer shown."));
    for (const qint64 id : photoIds) {
        counterExamples_.remove(id);
        examples_.insert(id);
    }
    Q_EMIT examplesChanged();
    return true;
}

bool TagReviewModel::requestMarkCounterExamples(const QList<qint64>& photoIds) {
    if (photoIds.isEmpty()) return refuse(QT_TR_NOOP("Select photos in the grid first."));
    if (!areShown(photoIds)) return refuse(QT_TR_NOOP("Those photos are no longer shown."));
    for (const qint64 id : photoIds) {
        examples_.remove(id);
        counterExamples_.insert(id);
    }
    Q_EMIT examplesChanged();
    return true;
}

void TagReviewModel::clearExamples() {
    examples_.clear();
    counterExamples_.clear();
    Q_EMIT examplesChanged();
}

bool TagReviewModel::requestLearnTag(const QString& tag) {
    const QString name = tag.trimmed();
    if (name.isEmpty()) return refuse(QT_TR_NOOP("Name the tag to learn."));
    if (examples_.isEmpty()) return refuse(QT_TR_NOOP("Select photos in the grid and mark them as examples first."));
    FewShotTagRequest request;
    request.tag = name.toStdString();
    request.templates = templates_.toStdString();
    request.scope = toScope(scope_);
    request.examples = sortedIds(examples_);
    request.counterExamples = sortedIds(counterExamples_);
    if (!startRequest([this, request] { return job_.learnTag(request); })) return false;
    learntTag_ = name;
    return true;
}

bool TagReviewModel::requestExport(const QString& format, const QString& outFile) {
    if (format != "csv" && format != "json" && format != "xmp")
        return refuse(translatable([format] { return tr("Unknown export format “%1”.").arg(format); }));
    if (format != "xmp" && outFile.isEmpty()) return refuse(QT_TR_NOOP("Choose the file to export to."));
    TagExportRequest request;
    request.format = format.toStdString();
    request.outFile = outFile.toStdString();
    request.scope = toScope(scope_);
    if (!startRequest([this, request] { return job_.exportTags(request); })) return false;
    if (!exportProblems_.isEmpty()) {
        exportProblems_.clear();
        Q_EMIT exportProblemsChanged();
    }
    return true;
}

bool TagReviewModel::requestZeroShotRun(const ZeroShotOptions& options) {
    for (const QString& problem :
         {checkPromptFile(PromptKind::Labels, labels_), checkPromptFile(PromptKind::Templates, templates_)})
        if (!problem.isEmpty()) return refuse(problem);
    if (nothingChecked_) return refuse(QT_TR_NOOP("Check at least one folder to tag."));
    ZeroShotTagRequest request;
    request.labels = labels_.toStdString();
    request.templates = templates_.toStdString();
    request.scope = toScope(scope_);
    request.multi = options.multi;
    request.topK = options.topK;
    request.thresholdMethod = options.thresholdMethod.toStdString();
    request.threshold = options.threshold;
    if (!startRequest([this, request] { return job_.runZeroShot(request); })) return false;
    dropScores();  // the run rewrites the labels' tags; the slider starts again from them
    return true;
}

void TagReviewModel::cancel() {
    queued_ = nullptr;
    job_.cancel();
    Q_EMIT busyChanged();
}

bool TagReviewModel::refuse(const TranslatableText& reason) {
    Q_EMIT message(reason, MessageKind::Error);
    return false;
}

bool TagReviewModel::refuse(const char* sourceText) { return refuse(translated(sourceText)); }

TranslatableText TagReviewModel::translated(const char* sourceText) {
    return translatable([sourceText] { return tr(sourceText); });
}

bool TagReviewModel::startRequest(Start start) {
    if (job_.isRunning()) {
        if (job_.runningKind() != TaggingKind::LabelScores || queued_)
            return refuse(QT_TR_NOOP("Another tagging job is running; wait for it or cancel it."));
        // The threshold look-up is only a preview: stop it and start what the user asked for.
        job_.cancel();
        queued_ = std::move(start);
        Q_EMIT busyChanged();
        return true;
    }
    prepareJob();
    if (!start()) return refuse(QT_TR_NOOP("Another tagging job is running; wait for it or cancel it."));
    return true;
}

void TagReviewModel::prepareJob() { job_.setLibrary(libraryDir_, threads_); }

void TagReviewModel::onProgress(const JobProgress& progress) {
    if (job_.runningKind() == TaggingKind::LabelScores) return;  // quick; the threshold says "scoring…"
    Q_EMIT progressChanged(progress);
}

void TagReviewModel::dropScores() {
    ++scoresEpoch_;
    if (!scores_) return;
    scores_.reset();
    Q_EMIT labelScoresChanged();
    if (previewing_) {  // the preview needs the scores: back to the tag's photos
        previewing_ = false;
        showTagPhotos();
    }
}

void TagReviewModel::showTagPhotos() {
    shownHits_.clear();
    shownIds_.clear();
    shownRejected_ = 0;
    for (const auto& row : overview_.rows) {
        if (row.tag != selectedTag_) continue;
        if (row.decision == TaggedPhoto::Rejected) ++shownRejected_;
        QString note;
        if (row.decision == TaggedPhoto::Accepted) note = tr("✓ accepted");
        else if (row.decision == TaggedPhoto::Rejected) note = tr("✗ rejected");
        else if (row.source == "few-shot") note = tr("(by example)");
        else if (row.source == "manual") note = tr("(manual)");
        shownHits_.push_back({row.path, float(row.score < -1 ? 0.0 : row.score), note});
        shownIds_.push_back(row.photoId);
    }
    Q_EMIT shownPhotosChanged();
}

void TagReviewModel::showPassingPhotos() {
    shownHits_.clear();
    shownIds_.clear();
    shownRejected_ = 0;
    const int n = passingCount();
    for (int i = 0; i < n; ++i) {
        const ScoredPhoto& photo = scores_->photos[std::size_t(i)];
        shownHits_.push_back({QString::fromStdString(photo.path), photo.score, {}});
        shownIds_.push_back(photo.photoId);
    }
    Q_EMIT shownPhotosChanged();
}

bool TagReviewModel::hasTag(const QString& tag) const {
    return std::any_of(overview_.tags.begin(), overview_.tags.end(), [&tag](const TagCount& t) { return t.tag == tag; });
}

bool TagReviewModel::areShown(const QList<qint64>& photoIds) const {
    const QSet<qint64> shown(shownIds_.begin(), shownIds_.end());
    return std::all_of(photoIds.begin(), photoIds.end(), [&shown](qint64 id) { return shown.contains(id); });
}

}  // namespace clipdesk::ui
