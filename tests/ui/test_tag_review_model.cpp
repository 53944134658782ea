// The Tags page's review model without widgets or a library: a tag overview and a label's
// scores are fed in as the tag read and the tagging job would deliver them. Every refused
// request (unknown tag, nothing selected or scored, photos not shown, a job already
// running, a bad export format) returns false, says why, and leaves the model as it was;
// marking examples is all or nothing; the cut-off previews exactly LabelScores::passing.

#include "ui_test_main.h"
#include "jobs/tagging_job.h"
#include "models/tag_review_model.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>

using namespace clipdesk::ui;
using MessageKind = TagReviewModel::MessageKind;

namespace {

TaggedPhoto row(qint64 id, const QString& tag, double score, int decision = TaggedPhoto::Undecided) {
    return {id, QString("/photos/%1.jpg").arg(id), tag, score, "zero-shot", decision};
}

// Three photos; "cat" on 1 and 2 (2 accepted), "dog" on 3 and rejected on 1.
TagOverview sampleOverview() {
    TagOverview overview;
    overview.tags = {{"cat", 2, 0}, {"dog", 1, 1}};
    overview.rows = {row(1, "cat", 0.31), row(2, "cat", 0.27, TaggedPhoto::Accepted), row(3, "dog", 0.22),
                     row(1, "dog", 0.05, TaggedPhoto::Rejected)};
    overview.indexedPhotos = 3;
    return overview;
}

TaggingOutcome catScores() {
    TaggingOutcome outcome;
    outcome.kind = TaggingKind::LabelScores;
    outcome.labelScores.tag = "cat";
    outcome.labelScores.photos = {{1, "/photos/1.jpg", 0.30f}, {2, "/photos/2.jpg", 0.26f},
                                  {3, "/photos/3.jpg", 0.12f}};
    return outcome;
}

// Everything a request may change, as text.
QString state(const TagReviewModel& m) {
    QStringList ids, examples, counter;
    for (qint64 id : m.shownPhotoIds()) ids << QString::number(id);
    QList<qint64> e(m.examples().begin(), m.examples().end()), c(m.counterExamples().begin(), m.counterExamples().end());
    std::sort(e.begin(), e.end());
    std::sort(c.begin(), c.end());
    for (qint64 id : e) examples << QString::number(id);
    for (qint64 id : c) counter << QString::number(id);
    return QString("tag=%1 shown=%2 previewing=%3 scored=%4 cut=%5 passing=%6 examples=%7 counter=%8 busy=%9 "
                   "tags=%10 problems=%11 scope=%12")
        .arg(m.selectedTag(), ids.join(','))
        .arg(m.previewingThreshold())
        .arg(m.labelScores() != nullptr)
        .arg(double(m.cutOff()))
        .arg(m.passingCount())
        .arg(examples.join(','), counter.join(','))
        .arg(m.isBusy())
        .arg(m.overview().tags.size())
        .arg(m.exportProblems().join('|'), m.scope().join(','));
}

}  // namespace

class TestTagReviewModel : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    TaggingJob* job_ = nullptr;
    TagReviewModel* model_ = nullptr;
    QSignalSpy* messages_ = nullptr;

    // `request` must fail, say why, and change nothing.
    template <typename Request>
    void expectRefused(Request request, const char* what) {
        const QString before = state(*model_);
        const int said = messages_->count();
        QVERIFY2(!request(), what);
        QCOMPARE(state(*model_), before);
        QCOMPARE(messages_->count(), said + 1);
        QCOMPARE(messages_->last().at(1).value<MessageKind>(), MessageKind::Error);
        QVERIFY2(!messages_->last().at(0).value<TranslatableText>().isEmpty(), what);
    }

    void waitForJob() {
        if (!job_->isRunning()) return;
        QSignalSpy finished(job_, &TaggingJob::finished);
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY(!job_->isRunning());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        job_ = new TaggingJob(this);
        model_ = new TagReviewModel(*job_, this);
        messages_ = new QSignalSpy(model_, &TagReviewModel::message);
        model_->setLibrary(dir_.filePath("no-library"), 1);
        model_->takeOverview(sampleOverview());
    }

    void cleanupTestCase() {
        waitForJob();
        delete messages_;
    }

    void refusalsWithNothingSelected() {
        QVERIFY(model_->selectedTag().isEmpty());
        expectRefused([&] { return model_->requestSelectTag("bird"); }, "unknown tag");
        expectRefused([&] { return model_->requestDecision({1}, TagReviewModel::Decision::Accept); }, "no tag");
        expectRefused([&] { return model_->requestScores(); }, "scores without a tag");
        expectRefused([&] { return model_->setCutOff(0.2f); }, "cut-off without scores");
        expectRefused([&] { return model_->requestApply(); }, "apply without scores");
        expectRefused([&] { return model_->requestMarkExamples({}); }, "no photos");
        expectRefused([&] { return model_->requestMarkExamples({1}); }, "photo not shown");
        expectRefused([&] { return model_->requestLearnTag("   "); }, "no tag name");
        expectRefused([&] { return model_->requestLearnTag("favourite"); }, "no examples");
        expectRefused([&] { return model_->requestExport("pdf", dir_.filePath("tags.pdf")); }, "unknown format");
        expectRefused([&] { return model_->requestExport("csv"); }, "no file");
        model_->setScope({}, 2);  // no folder checked
        expectRefused([&] { return model_->requestZeroShotRun({}); }, "nothing in scope");
        model_->setScope({"/a", "/b"}, 2);
        QVERIFY(!job_->isRunning());
    }

    void selectingShowsTheTagsPhotosAndScoresItsLabel() {
        QSignalSpy selected(model_, &TagReviewModel::selectedTagChanged);
        QVERIFY(model_->requestSelectTag("dog"));
        QCOMPARE(selected.count(), 1);
        QCOMPARE(model_->shownPhotoIds(), (QList<qint64>{3, 1}));
        QCOMPARE(model_->shownRejected(), 1);
        QCOMPARE(model_->tagsOf(1), QStringList{"cat"});  // the rejected "dog" left out
        QVERIFY(model_->requestSelectTag("cat"));
        QCOMPARE(model_->shownPhotoIds(), (QList<qint64>{1, 2}));
        // The look-up went to the job (which fails: there is no library here); its failure
        // is reported once and not retried in a loop.
        waitForJob();
        QVERIFY(!job_->isRunning());
        QVERIFY(!model_->labelScores());
        model_->takeOutcome(catScores());
        QVERIFY(model_->labelScores());
        QVERIFY(!job_->isRunning());
    }

    void cutOffStartsWhereTheTagIsAndPreviewsPassingPhotos() {
        QCOMPARE(model_->cutOff(), 0.26f);  // the lowest cosine that carries "cat" (photo 2)
        QCOMPARE(model_->passingCount(), 2);
        QVERIFY(model_->setCutOff(0.1f));
        QVERIFY(model_->previewingThreshold());
        QCOMPARE(model_->shownPhotoIds(), (QList<qint64>{1, 2, 3}));
        QCOMPARE(std::size_t(model_->passingCount()), model_->labelScores()->passing(0.1f));
        QVERIFY(model_->setCutOff(0.3f));
        QCOMPARE(model_->shownPhotoIds(), QList<qint64>{1});
        QVERIFY(model_->setCutOff(0.0f));
    }

    void refusalsLeaveSelectionScoresAndExamples() {
        expectRefused([&] { return model_->requestSelectTag("bird"); }, "unknown tag keeps the selection");
        expectRefused([&] { return model_->requestDecision({}, TagReviewModel::Decision::Reject); }, "no photos");
        expectRefused([&] { return model_->requestDecision({2, 42}, TagReviewModel::Decision::Reject); },
                      "a photo not shown");
        expectRefused([&] { return model_->requestMarkExamples({1, 42}); }, "all or nothing");
        QVERIFY(model_->requestMarkExamples({1, 2}));
        QCOMPARE(model_->examples().size(), 2);
        expectRefused([&] { return model_->requestMarkCounterExamples({2, 42}); }, "counter: all or nothing");
        QVERIFY(model_->requestMarkCounterExamples({2}));
        QCOMPARE(model_->examples(), QSet<qint64>{1});
        QCOMPARE(model_->counterExamples(), QSet<qint64>{2});
    }

    void whileAJobRunsOtherRequestsAreRefused() {
        QVERIFY(model_->requestExport("xmp"));  // fails in the worker: there is no library
        QVERIFY(job_->isRunning());
        QVERIFY(model_->isBusy());
        expectRefused([&] { return model_->requestApply(); }, "apply while exporting");
        expectRefused([&] { return model_->requestLearnTag("favourite"); }, "learn while exporting");
        expectRefused([&] { return model_->requestExport("csv", dir_.filePath("tags.csv")); }, "export twice");
        expectRefused([&] { return model_->requestZeroShotRun({}); }, "run while exporting");
        waitForJob();
        QVERIFY(!model_->isBusy());
        QCOMPARE(messages_->last().at(1).value<MessageKind>(), MessageKind::Error);  // the worker's error
        // The selection, scores and examples survived the failed export.
        QCOMPARE(model_->selectedTag(), QString("cat"));
        QVERIFY(model_->labelScores());
        QCOMPARE(model_->examples(), QSet<qint64>{1});
    }

    void anotherScopeDropsTheScores() {
        QSignalSpy scores(model_, &TagReviewModel::labelScoresChanged);
        model_->setScope({"/a"}, 2);
        QCOMPARE(scores.count(), 1);
        QVERIFY(!model_->labelScores());
        expectRefused([&] { return model_->requestApply(); }, "apply after the scope changed");
    }
};

int main(int argc, char* argv[]) {
    return clipdesk::test::runGuiTest<TestTagReviewModel>(argc, argv, "clipdesk-test-tag-review-model");
}

#include "test_tag_review_model.moc"
