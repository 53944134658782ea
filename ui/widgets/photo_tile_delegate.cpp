#include "widgets/photo_tile_delegate.h"

#include "models/search_result_model.h"

#include <QAbstractScrollArea>
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

QSize PhotoTileDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    if (index.data(SearchResultModel::HeaderRole).isValid()) {
        // The whole width, less a vertical scroll bar's even when none shows yet, so the
        // header never pushes the grid sideways.
        int width = 400;
        if (const auto* view = qobject_cast<const QAbstractScrollArea*>(option.widget)) {
            const QStyle* style = view->style();
            width = view->width() - 2 * view->frameWidth() - style->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, view) - 2;
        }
        return {std::max(width, 1), headerHeight(option.fontMetrics)};
    }
    return PhotoTileLayout::cellSize(thumbnailSize_, option.fontMetrics);
}

void PhotoTileDelegate::paintHeader(QPainter* painter, const QStyleOptionViewItem& option, const QString& text) const {
    painter->save();
    QFont font = option.font;
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.15);
    painter->setFont(font);
    painter->setPen(option.palette.color(QPalette::Normal, QPalette::Text));
    const QRect area = option.rect.adjusted(6, 4, -6, -2);
    painter->drawText(area, Qt::AlignLeft | Qt::AlignBottom, text);
    painter->setPen(option.palette.color(QPalette::Normal, QPalette::Mid));
    painter->drawLine(area.bottomLeft(), area.bottomRight());
    painter->restore();
}

void PhotoTileDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QVariant header = index.data(SearchResultModel::HeaderRole);
    if (header.isValid()) {
        paintHeader(painter, option, header.toString());
        PaintedTile tile;
        tile.layout.cell = option.rect;
        tile.nameText = header.toString();
        painted_.insert(index.row(), tile);
        return;
    }
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
