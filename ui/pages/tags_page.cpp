#include "pages/tags_page.h"

#include "models/tag_review_model.h"
#include "pages/tags/export_panel.h"
#include "pages/tags/few_shot_panel.h"
#include "pages/tags/run_panel.h"
#include "pages/tags/tag_review_panel.h"
#include "pages/tags/threshold_panel.h"
#include "pages/tags/vocabulary_panel.h"
#include "settings/app_settings.h"

#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace clipdesk::ui {

TagsPage::TagsPage(AppSettings& settings, TaggingJob& job, ThumbnailCache& thumbnails, QWidget* parent)
    : QWidget(parent), settings_(settings) {
    setObjectName("tagsPage");
    model_ = new TagReviewModel(job, this);
    model_->setLibrary(settings_.libraryDir(), settings_.threads());
    const auto followSettings = [this] { model_->setLibrary(settings_.libraryDir(), settings_.threads()); };
    connect(&settings_, &AppSettings::libraryDirChanged, this, followSettings);
    connect(&settings_, &AppSettings::threadsChanged, this, followSettings);

    auto* setup = new QWidget;
    vocabulary_ = new VocabularyPanel(*model_, setup);
    run_ = new RunPanel(*model_, setup);
    export_ = new ExportPanel(*model_, setup);
    auto* setupLayout = new QVBoxLayout(setup);
    setupLayout->addWidget(vocabulary_, 1);
    setupLayout->addWidget(run_);
    setupLayout->addWidget(export_);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* setupScroll = new QScrollArea(splitter);
    setupScroll->setWidgetResizable(true);
    setupScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setupScroll->setMinimumWidth(360);
    setupScroll->setWidget(setup);
    review_ = new TagReviewPanel(*model_, settings, thumbnails, splitter);
    threshold_ = new ThresholdPanel(*model_, review_);
    fewShot_ = new FewShotPanel(*model_, *review_, review_);
    review_->addTools(threshold_, fewShot_);
    splitter->addWidget(setupScroll);
    splitter->addWidget(review_);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({400, 800});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(run_, &RunPanel::runRequested, this, &TagsPage::runTagging);
    connect(model_, &TagReviewModel::overviewChanged, this, &TagsPage::tagsChanged);
    connect(model_, &TagReviewModel::message, this, [this](const TranslatableText& text, TagReviewModel::MessageKind kind) {
        run_->showStatus(text, kind);
        // Shown on the page; the status bar only tells a user who is on another page.
        if (kind != TagReviewModel::MessageKind::Hint && !isVisible()) Q_EMIT statusMessage(text);
    });
}

void TagsPage::setLibraryOverview(const LibraryOverview& overview) {
    const bool sameLibrary = model_->libraryDir() == overview.dir;
    model_->setLibraryOverview(overview);
    run_->setFolders(overview, sameLibrary);
    model_->refreshTags();
}

void TagsPage::runTagging() {
    const QString problem = vocabulary_->saveEdits();
    if (!problem.isEmpty()) {
        run_->showStatus(problem, TagReviewModel::MessageKind::Error);
        Q_EMIT statusMessage(problem);
        return;
    }
    model_->requestZeroShotRun(run_->options());
}

}  // namespace clipdesk::ui
