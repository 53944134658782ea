#pragma once
// Paints one photo tile of a results grid (PhotoTileLayout): the selection on the whole tile,
// the thumbnail fitted into its square (aspect kept, small images scaled up), the file name
// and the score on two lines that are always visible. Remembers what it painted last per
// row, so tests can check geometry and text rather than pixels. A timeline's month header
// (SearchResultModel::HeaderRole) is a full-width line of bold text.

#include "widgets/photo_tile_layout.h"

#include <QHash>
#include <QStyledItemDelegate>

namespace clipdesk::ui {

struct PaintedTile {
    PhotoTileLayout layout;
    QRect image;      // where the thumbnail (or its placeholder) was drawn
    QRect selection;  // the selection's fill (the whole tile), empty when not selected
    QString nameText, scoreText;
};

class PhotoTileDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit PhotoTileDelegate(int thumbnailSize, QObject* parent = nullptr);

    int thumbnailSize() const { return thumbnailSize_; }
    void setThumbnailSize(int size);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The tile painted last for `row`, if any (forgetPainted() clears them).
    const PaintedTile* paintedTile(int row) const;
    void forgetPainted() { painted_.clear(); }

    // The height of a month header row.
    static int headerHeight(const QFontMetrics& metrics) { return metrics.height() * 2 + 8; }

private:
    void paintHeader(QPainter* painter, const QStyleOptionViewItem& option, const QString& text) const;

    int thumbnailSize_;
    mutable QHash<int, PaintedTile> painted_;
};

}  // namespace clipdesk::ui
