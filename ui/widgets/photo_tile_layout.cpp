#include "widgets/photo_tile_layout.h"

#include <QString>

#include <algorithm>

namespace clipdesk::ui {
namespace {

constexpr int kMargin = 6;      // between the cell's edge and its contents
constexpr int kCaptionGap = 4;  // between the thumbnail and the caption

}  // namespace

QSize PhotoTileLayout::cellSize(int thumbnailSize, const QFontMetrics& metrics) {
    const int side = std::clamp(thumbnailSize, kMinThumbnailSize, kMaxThumbnailSize);
    // At small sizes still wide enough for a typical file name of 16 characters
    // ("photo_00056.jpg", "IMG_1234.JPG").
    const int width = std::max(side, metrics.horizontalAdvance(QString(16, QLatin1Char('0')))) + 2 * kMargin;
    const int height = kMargin + side + kCaptionGap + 2 * metrics.height() + kMargin;
    return {width, height};
}

PhotoTileLayout PhotoTileLayout::inCell(const QRect& cell, int thumbnailSize, const QFontMetrics& metrics) {
    PhotoTileLayout layout;
    layout.cell = cell;
    const QRect inner = cell.adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const int lines = 2 * metrics.height();
    const int side = std::max(0, std::min({thumbnailSize, inner.width(), inner.height() - kCaptionGap - lines}));
    layout.thumbnail = QRect(inner.left() + (inner.width() - side) / 2, inner.top(), side, side);
    const int captionTop = layout.thumbnail.bottom() + 1 + kCaptionGap;
    layout.nameLine = QRect(inner.left(), captionTop, inner.width(), metrics.height());
    layout.scoreLine = QRect(inner.left(), captionTop + metrics.height(), inner.width(), metrics.height());
    return layout;
}

QRect PhotoTileLayout::fitted(const QSize& source, const QRect& thumbnail) {
    if (source.isEmpty() || thumbnail.isEmpty()) return {};
    const QSize size = source.scaled(thumbnail.size(), Qt::KeepAspectRatio);
    return QRect(thumbnail.left() + (thumbnail.width() - size.width()) / 2,
                 thumbnail.top() + (thumbnail.height() - size.height()) / 2, size.width(), size.height());
}

}  // namespace clipdesk::ui
