#include "widgets/photo_grid_view.h"

#include <QKeyEvent>

namespace clipdesk::ui {

PhotoGridView::PhotoGridView(int thumbnailSize, QWidget* parent) : QListView(parent) {
    setViewMode(QListView::IconMode);
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setUniformItemSizes(true);
    setLayoutMode(QListView::Batched);
    setBatchSize(500);
    setIconSize(QSize(thumbnailSize, thumbnailSize));
    setGridSize(QSize(thumbnailSize + 24, thumbnailSize + 48));
    setWordWrap(true);
    setTextElideMode(Qt::ElideMiddle);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::CopyAction);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QListView::activated, this, &PhotoGridView::openRequested);
}

void PhotoGridView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && currentIndex().isValid()) {
        Q_EMIT previewRequested(currentIndex());
        return;
    }
    QListView::keyPressEvent(event);
}

}  // namespace clipdesk::ui
