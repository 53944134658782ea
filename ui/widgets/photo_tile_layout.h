#pragma once
// The geometry of one photo tile in a results grid, from the thumbnail size alone: a fixed
// cell, the thumbnail's square area at its top, and two caption lines below it (the file
// name, then the score). Every tile of a grid has the same cell, so the layout never depends
// on a photo's aspect ratio, its text or the order thumbnails arrive in.

#include <QFontMetrics>
#include <QRect>
#include <QSize>

namespace clipdesk::ui {

struct PhotoTileLayout {
    QRect cell;       // the whole tile (selection is drawn on it)
    QRect thumbnail;  // the square the photo is fitted into, aspect kept
    QRect nameLine;   // the file name (elided in the middle only when it is wider than the tile)
    QRect scoreLine;  // the score (and a note), never elided away

    // The cell size of a grid showing thumbnails of `thumbnailSize` pixels.
    static QSize cellSize(int thumbnailSize, const QFontMetrics& metrics);
    // The layout of the tile whose cell is `cell`.
    static PhotoTileLayout inCell(const QRect& cell, int thumbnailSize, const QFontMetrics& metrics);
    // Where a `source`-sized image goes inside `thumbnail`: as large as fits, aspect kept,
    // centred (small images are scaled up).
    static QRect fitted(const QSize& source, const QRect& thumbnail);
};

constexpr int kMinThumbnailSize = 64;
constexpr int kMaxThumbnailSize = 256;
constexpr int kDefaultThumbnailSize = 160;

}  // namespace clipdesk::ui
