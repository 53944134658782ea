#include "widgets/photo_tile_delegate.h"

#include "models/search_result_model.h"

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QPainter>
#include <QPixmap>
#include <QStyle>
#include <QStyleOption>

#include <algorithm>

namespace clipdesk::ui {

PhotoTileDelegate::PhotoTileDelegate(int thumbnailSize, QObject* parent)
    : QStyledItemDelegate(parent), thumbnailSize_(std::clamp(thumbnailSize, kMinThumbnailSize, kMaxThumbnailSize)) {}

void PhotoTileDelegate::setThumbnailSize(int size) {
    thumbnailSize_ = std::clamp(size, kMinThumbnailSize, kMaxThumbnailSize);
    painted_.clear();
}

QSize PhotoTileDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    return PhotoTileLayout::cellSize(thumbnailSize_, option.fontMetrics);
}

void PhotoTileDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    PaintedTile tile;
    tile.layout = PhotoTileLayout::inCell(option.rect, thumbnailSize_, option.fontMetrics);

    // The selection (and hover) on the whole tile: styles draw PE_PanelItemViewItem's
    // selection behind the text only, so the tile paints it itself.
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = option.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    painter->save();
    const QRect tileArea = option.rect.adjusted(1, 1, -1, -1);
    if (selected) {
        painter->fillRect(tileArea, option.palette.brush(group, QPalette::Highlight));
        tile.selection = tileArea;
    } else if (option.state & QStyle::State_MouseOver) {
        QColor hover = option.palette.color(group, QPalette::Highlight);
        hover.setAlpha(40);
        painter->fillRect(tileArea, hover);
    }

    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    const QIcon decoration = index.data(Qt::DecorationRole).value<QIcon>();  // asks for the thumbnail
    const QPixmap thumbnail = index.data(SearchResultModel::ThumbnailRole).value<QPixmap>();
    if (!thumbnail.isNull()) {
        tile.image = PhotoTileLayout::fitted(thumbnail.size(), tile.layout.thumbnail);
        painter->drawPixmap(tile.image, thumbnail);
    } else if (!decoration.isNull()) {
        const int side = std::min(tile.layout.thumbnail.width(), 64);
        tile.image = QRect(0, 0, side, side);
        tile.image.moveCenter(tile.layout.thumbnail.center());
        decoration.paint(painter, tile.image);
    }

    painter->setPen(option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(option.font);
    const QString name = index.data(SearchResultModel::FileNameRole).toString();
    const QString score = index.data(SearchResultModel::ScoreTextRole).toString();
    tile.nameText = option.fontMetrics.elidedText(name, Qt::ElideMiddle, tile.layout.nameLine.width());
    tile.scoreText = option.fontMetrics.elidedText(score, Qt::ElideRight, tile.layout.scoreLine.width());
    painter->drawText(tile.layout.nameLine, Qt::AlignHCenter | Qt::AlignVCenter, tile.nameText);
    painter->drawText(tile.layout.scoreLine, Qt::AlignHCenter | Qt::AlignVCenter, tile.scoreText);
    painter->restore();

    if (option.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(option);
        focus.rect = option.rect.adjusted(1, 1, -1, -1);
        focus.backgroundColor = option.palette.color(group, selected ? QPalette::Highlight : QPalette::Base);
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, widget);
    }
    painted_.insert(index.row(), tile);
}

const PaintedTile* PhotoTileDelegate::paintedTile(int row) const {
    const auto it = painted_.constFind(row);
    return it == painted_.constEnd() ? nullptr : &*it;
}

}  // namespace clipdesk::ui
