#include "pages/tags/tag_review_panel.h"

#include "models/search_result_model.h"
#include "models/tag_count_model.h"
#include "models/tag_review_model.h"
#include "thumbnails/thumbnail_cache.h"
#include "widgets/photo_grid_view.h"
#include "widgets/photo_preview_dialog.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

namespace clipdesk::ui {

TagReviewPanel::TagReviewPanel(TagReviewModel& model, ThumbnailCache& thumbnails, QWidget* parent)
    : QWidget(parent), model_(model) {
    tagsHeading_ = new QLabel(this);
    tagModel_ = new TagCountModel(this);
    tagList_ = new QListView(this);
    tagList_->setObjectName("tagList");
    tagList_->setModel(tagModel_);
    tagList_->setMinimumWidth(150);
    tagList_->setMaximumWidth(240);
    tagList_->setEditTriggers(QAbstractItemView::NoEditTriggers);

    heading_ = new QLabel(this);
    heading_->setObjectName("reviewHeading");
    acceptButton_ = new QPushButton(this);
    acceptButton_->setObjectName("acceptButton");
    rejectButton_ = new QPushButton(this);
    rejectButton_->setObjectName("rejectButton");
    gridModel_ = new SearchResultModel(&thumbnails, this);
    grid_ = new PhotoGridView(thumbnails.size(), this);
    grid_->setObjectName("reviewView");
    grid_->setModel(gridModel_);
    grid_->installEventFilter(this);  // A accepts, R or Delete rejects the selected photos
    preview_ = new PhotoPreviewDialog(this);

    auto* decisionRow = new QHBoxLayout;
    decisionRow->addWidget(heading_, 1);
    decisionRow->addWidget(acceptButton_);
    decisionRow->addWidget(rejectButton_);
    column_ = new QVBoxLayout;
    column_->addLayout(decisionRow);
    column_->addWidget(grid_, 1);
    auto* tags = new QVBoxLayout;
    tags->addWidget(tagsHeading_);
    tags->addWidget(tagList_, 1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(tags);
    layout->addLayout(column_, 1);

    connect(tagList_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) model_.requestSelectTag(tagModel_->tagAt(current.row()));
            });
    connect(acceptButton_, &QPushButton::clicked, this, [this] { decide(true); });
    connect(rejectButton_, &QPushButton::clicked, this, [this] { decide(false); });
    connect(grid_, &PhotoGridView::previewRequested, this, [this](const QModelIndex& i) { previewRow(i.row()); });
    connect(grid_, &PhotoGridView::openRequested, this, [this](const QModelIndex& i) { previewRow(i.row()); });
    connect(grid_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateButtons();
        Q_EMIT selectionChanged();
    });
    connect(&model_, &TagReviewModel::overviewChanged, this, &TagReviewPanel::showTags);
    connect(&model_, &TagReviewModel::selectedTagChanged, this, &TagReviewPanel::showSelectedTag);
    connect(&model_, &TagReviewModel::shownPhotosChanged, this, &TagReviewPanel::showPhotos);
    retranslateUi();
    updateButtons();
}

void TagReviewPanel::addTools(QWidget* aboveGrid, QWidget* belowGrid) {
    column_->insertWidget(1, aboveGrid);
    column_->addWidget(belowGrid);
}

void TagReviewPanel::showTags() {
    const QSignalBlocker blocker(tagList_->selectionModel());
    tagModel_->setTags(model_.overview().tags);
    showSelectedTag();
}

void TagReviewPanel::showSelectedTag() {
    const int row = tagModel_->rowOf(model_.selectedTag());
    if (row < 0 || tagList_->currentIndex().row() == row) return;
    const QSignalBlocker blocker(tagList_->selectionModel());
    tagList_->setCurrentIndex(tagModel_->index(row));
}

void TagReviewPanel::showPhotos() {
    gridModel_->setHits(model_.shownPhotos());
    showHeading();
    updateButtons();
}

void TagReviewPanel::showHeading() {
    const QString tag = model_.selectedTag();
    const int shown = int(model_.shownPhotos().size());
    if (tag.isEmpty()) {
        heading_->setText(tr("Select a tag to review its photos"));
    } else if (model_.previewingThreshold()) {
        heading_->setText(tr("“%1” at this threshold: %n photo(s)", nullptr, shown).arg(tag));
    } else {
        const int rejected = model_.shownRejected();
        QString heading = tr("“%1”: %n photo(s)", nullptr, shown - rejected).arg(tag);
        if (rejected > 0) heading += QStringLiteral(" ") + tr("(%n rejected shown)", nullptr, rejected);
        heading_->setText(heading);
    }
}

QList<qint64> TagReviewPanel::selectedPhotoIds() const {
    QList<qint64> ids;
    const QList<qint64>& shown = model_.shownPhotoIds();
    for (const QModelIndex& index : grid_->selectionModel()->selectedIndexes())
        if (index.row() < shown.size()) ids << shown[index.row()];
    return ids;
}

bool TagReviewPanel::hasSelection() const { return grid_->selectionModel() && grid_->selectionModel()->hasSelection(); }

void TagReviewPanel::decide(bool accept) {
    model_.requestDecision(selectedPhotoIds(), accept ? TagReviewModel::Decision::Accept : TagReviewModel::Decision::Reject);
}

void TagReviewPanel::previewRow(int row) {
    const QString path = gridModel_->pathAt(row);
    if (path.isEmpty()) return;
    preview_->showPhoto(path, gridModel_->scoreAt(row));
    preview_->setTags(model_.tagsOf(model_.shownPhotoIds().value(row)));
}

void TagReviewPanel::updateButtons() {
    const bool canDecide = hasSelection() && !model_.selectedTag().isEmpty();
    acceptButton_->setEnabled(canDecide);
    rejectButton_->setEnabled(canDecide);
}

void TagReviewPanel::retranslateUi() {
    tagsHeading_->setText(tr("Tags"));
    acceptButton_->setText(tr("Accept (A)"));
    rejectButton_->setText(tr("Reject (R)"));
    acceptButton_->setToolTip(tr("Keep the selected tag on the selected photos; later runs never remove it"));
    rejectButton_->setToolTip(tr("Remove the selected tag from the selected photos; later runs never add it again"));
    grid_->setToolTip(tr("A: accept · R: reject · Space or double-click: preview"));
    showHeading();
}

bool TagReviewPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == grid_ && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->modifiers() == Qt::NoModifier || key->modifiers() == Qt::KeypadModifier) {
            if (key->key() == Qt::Key_A) {
                decide(true);
                return true;
            }
            if (key->key() == Qt::Key_R || key->key() == Qt::Key_Delete) {
                decide(false);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TagReviewPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

}  // namespace clipdesk::ui
