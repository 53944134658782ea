#pragma once
// The results of a search as a list model for the thumbnail grid: file name and score as
// text (and as the tile caption's two lines), the thumbnail as decoration (requested lazily from ThumbnailCache the first time a
// row is painted), the path as tooltip, and file URLs as drag data.

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
    };

    explicit SearchResultModel(ThumbnailCache* thumbnails, QObject* parent = nullptr);

    void setHits(const QList<PhotoHit>& hits);
    void clear() { setHits({}); }
    const QList<PhotoHit>& hits() const { return hits_; }
    QString pathAt(int row) const;
    float scoreAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDragActions() const override;

private:
    void onThumbnailReady(const QString& path);

    ThumbnailCache* thumbnails_;
    QList<PhotoHit> hits_;
    QHash<QString, int> rowOfPath_;  // first row showing each path
    QIcon placeholder_;
    QIcon brokenIcon_;
};

}  // namespace clipdesk::ui
