#include "widgets/photo_grid_view.h"

#include "widgets/photo_tile_delegate.h"

#include <QEvent>
#include <QKeyEvent>
#include <QResizeEvent>
#include <QScrollBar>

namespace clipdesk::ui {

PhotoGridView::PhotoGridView(int thumbnailSize, QWidget* parent)
    : QListView(parent), delegate_(new PhotoTileDelegate(thumbnailSize, this)) {
    setViewMode(QListView::IconMode);
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setUniformItemSizes(true);
    setLayoutMode(QListView::Batched);
    setBatchSize(500);
    setSpacing(0);
    setItemDelegate(delegate_);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionRectVisible(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::CopyAction);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QListView::activated, this, &PhotoGridView::openRequested);
    updateCellSize();
}

int PhotoGridView::thumbnailSize() const { return delegate_->thumbnailSize(); }

void PhotoGridView::setThumbnailSize(int size) {
    if (size == delegate_->thumbnailSize()) return;
    delegate_->setThumbnailSize(size);
    updateCellSize();
}

void PhotoGridView::setSectioned(bool sectioned) {
    if (sectioned == sectioned_) return;
    sectioned_ = sectioned;
    setUniformItemSizes(!sectioned_);
    updateCellSize();
}

void PhotoGridView::resizeEvent(QResizeEvent* event) {
    QListView::resizeEvent(event);
    if (sectioned_) scheduleDelayedItemsLayout();  // the headers' width follows the view's
}

void PhotoGridView::updateCellSize() {
    const int side = delegate_->thumbnailSize();
    const QSize cell = PhotoTileLayout::cellSize(side, fontMetrics());
    setIconSize(QSize(side, side));
    setGridSize(sectioned_ ? QSize() : cell);
    verticalScrollBar()->setSingleStep(cell.height() / 4);
    scheduleDelayedItemsLayout();
    viewport()->update();
}

void PhotoGridView::selectRow(int row) {
    if (!model() || row < 0 || row >= model()->rowCount()) return;
    const QModelIndex index = model()->index(row, 0);
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    scrollTo(index);
}

void PhotoGridView::changeEvent(QEvent* event) {
    QListView::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) updateCellSize();
}

void PhotoGridView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && currentIndex().isValid()) {
        Q_EMIT previewRequested(currentIndex());
        return;
    }
    if (event->key() == Qt::Key_Up && event->modifiers() == Qt::NoModifier) {
        const QModelIndex above = moveCursor(QAbstractItemView::MoveUp, Qt::NoModifier);
        if (!currentIndex().isValid() || !above.isValid() || above == currentIndex()) {
            Q_EMIT leftAtTop();
            return;
        }
    }
    QListView::keyPressEvent(event);
}

}  // namespace clipdesk::ui
