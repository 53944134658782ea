#pragma once
// The results of a search as a list model for the thumbnail grid: file name and score as
// text (and as the tile caption's two lines, the score line with the date taken), the
// thumbnail as decoration (requested lazily from ThumbnailCache the first time a row is
// painted), the path and date as tooltip, and file URLs as drag data. Grouped by month (a
// timeline), a header row (not selectable) starts each month; rows and hits then differ, so
// callers ask by row (pathAt, hitAt) and never index hits() by row.

#include "services/search_service.h"

#include <QAbstractListModel>
#include <QHash>
#include <QIcon>
#include <QList>

namespace clipdesk::ui {

class ThumbnailCache;

class SearchResultModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        PathRole = Qt::UserRole + 1,
        ScoreRole,
        FileNameRole,   // the caption's first line
        ScoreTextRole,  // the caption's second line: the score, and the hit's note if any
        ThumbnailRole,  // the thumbnail as a QPixmap once loaded (does not request it)
        HeaderRole,     // a month header's text; invalid on photo rows
    };
    enum class Grouping { None, ByMonth };

    explicit SearchResultModel(ThumbnailCache* thumbnails, QObject* parent = nullptr);

    // ByMonth expects the hits ordered by date (newest or oldest first).
    void setHits(const QList<PhotoHit>& hits, Grouping grouping = Grouping::None);
    void clear() { setHits({}); }
    const QList<PhotoHit>& hits() const { return hits_; }
    Grouping grouping() const { return grouping_; }
    bool isHeader(int row) const { return hitIndex(row) < 0 && row >= 0 && row < rowCount(); }
    // The photo shown at `row`; nullptr for a header or a row out of range.
    const PhotoHit* hitAt(int row) const;
    QString pathAt(int row) const;
    float scoreAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDragActions() const override;

private:
    struct HeaderRow {
        int hit;    // index of the first hit of the month
        int count;  // photos in the month
    };
    void onThumbnailReady(const QString& path);
    // The hit shown at `row`, or -1 for a header (or out of range).
    int hitIndex(int row) const;
    QString headerText(const HeaderRow& header) const;

    ThumbnailCache* thumbnails_;
    QList<PhotoHit> hits_;
    Grouping grouping_ = Grouping::None;
    // Grouped: one entry per row, >= 0 a hit's index, < 0 -(header index + 1).
    QList<int> rows_;
    QList<HeaderRow> headers_;
    QHash<QString, int> rowOfPath_;  // first row showing each path
    QIcon placeholder_;
    QIcon brokenIcon_;
};

}  // namespace clipdesk::ui
