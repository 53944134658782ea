#pragma once
// Near-duplicate groups for the review view: one row per group, its photos side by side in
// columns (the suggested keeper in column 0), each cell a thumbnail (ThumbnailCache, loaded in
// the background) and the photo's resolution, file size, date taken and folder.

#include "application/duplicate_review.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <vector>

namespace clipdesk::ui {

class ThumbnailCache;

class DuplicateGroupModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role { PhotoIdRole = Qt::UserRole + 1, PathRole, KeeperRole };

    explicit DuplicateGroupModel(ThumbnailCache* thumbnails, QObject* parent = nullptr);

    void setGroups(std::vector<DuplicateGroup> groups);
    const std::vector<DuplicateGroup>& groups() const { return groups_; }
    // The photo shown at `index`; nullptr for an empty cell (a shorter group).
    const DuplicatePhoto* photoAt(const QModelIndex& index) const;
    // Every photo but the suggested keepers: what "select the others" selects.
    QList<QModelIndex> othersThanKeepers() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    void onThumbnailReady(const QString& path);

    ThumbnailCache* thumbnails_;
    std::vector<DuplicateGroup> groups_;
    int columns_ = 0;
    QHash<QString, QModelIndex> cellOfPath_;
};

// "4000 × 3000 · 2.4 MB · 2024-05-01 12:00 · /photos/trip": what a cell's text shows.
QString duplicatePhotoSummary(const DuplicatePhoto& photo);

}  // namespace clipdesk::ui
