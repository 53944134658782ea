#include "pages/tags/tag_review_panel.h"

#include "models/search_result_model.h"
#include "models/tag_count_model.h"
#include "models/tag_review_model.h"
#include "settings/app_settings.h"
#include "thumbnails/thumbnail_cache.h"
#include "widgets/photo_grid_view.h"
#include "widgets/photo_preview_dialog.h"
#include "widgets/thumbnail_size_slider.h"

#include <algorithm>

#include <QEvent>
#include <QItemSelection>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

namespace clipdesk::ui {

TagReviewPanel::TagReviewPanel(TagReviewModel& model, AppSettings& settings, ThumbnailCache& thumbnails,
                               QWidget* parent)
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
    grid_ = new PhotoGridView(settings.thumbnailSize(), this);
    grid_->setObjectName("reviewView");
    grid_->setModel(gridModel_);
    ThumbnailSizeSlider::bind(settings, grid_);
    auto* sizeSlider = new ThumbnailSizeSlider(settings, this);
    grid_->installEventFilter(this);  // A accepts, R or Delete rejects the selected photos
    preview_ = new PhotoPreviewDialog(this);

    auto* decisionRow = new QHBoxLayout;
    decisionRow->addWidget(heading_, 1);
    decisionRow->addWidget(acceptButton_);
    decisionRow->addWidget(rejectButton_);
    decisionRow->addWidget(sizeSlider);
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
    connect(preview_, &PhotoPreviewDialog::stepRequested, this, [this](int step) {
        const int row = grid_->currentIndex().row() + step;
        if (row < 0 || row >= gridModel_->rowCount()) return;
        grid_->selectRow(row);
        previewRow(row);
    });
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
    // The same tag shown again (after a decision): keep the selected photos and the position.
    const bool sameTag = shownTag_ == model_.selectedTag();
    const int currentRow = grid_->currentIndex().row();
    const qint64 currentId = shownIds_.value(currentRow, -1);
    const QList<qint64> selected = selectedPhotoIds();
    shownTag_ = model_.selectedTag();
    shownIds_ = model_.shownPhotoIds();
    gridModel_->setHits(model_.shownPhotos());
    if (sameTag && currentRow >= 0 && !shownIds_.isEmpty()) restoreSelection(selected, currentId, currentRow);
    showHeading();
    updateButtons();
}

void TagReviewPanel::restoreSelection(const QList<qint64>& photoIds, qint64 currentId, int currentRow) {
    // The same photos while they are all still shown; else the photo now at the old position.
    QItemSelection kept;
    for (const qint64 id : photoIds) {
        const int row = int(shownIds_.indexOf(id));
        if (row < 0) {
            kept.clear();
            break;
        }
        kept.select(gridModel_->index(row), gridModel_->index(row));
    }
    int row = kept.isEmpty() ? -1 : int(shownIds_.indexOf(currentId));
    if (row < 0) row = std::min(currentRow, int(shownIds_.size()) - 1);
    if (kept.isEmpty()) kept.select(gridModel_->index(row), gridModel_->index(row));
    grid_->selectionModel()->setCurrentIndex(gridModel_->index(row), QItemSelectionModel::NoUpdate);
    grid_->selectionModel()->select(kept, QItemSelectionModel::ClearAndSelect);
    grid_->scrollTo(gridModel_->index(row));
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
    for (const QModelIndex& index : grid_->selectionModel()->selectedIndexes())
        if (index.row() < shownIds_.size()) ids << shownIds_[index.row()];
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
    preview_->setTags(model_.tagsOf(shownIds_.value(row)));
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
    grid_->setToolTip(tr("A: accept · R: reject (the selection stays) · Space or double-click: preview, then "
                         "Left/Right for the previous/next photo"));
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
