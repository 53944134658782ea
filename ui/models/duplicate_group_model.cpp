#include "models/duplicate_group_model.h"

#include "thumbnails/thumbnail_cache.h"

#include <QBrush>
#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>

namespace clipdesk::ui {

QString duplicatePhotoSummary(const DuplicatePhoto& photo) {
    const QString resolution = photo.width > 0 ? DuplicateGroupModel::tr("%1 × %2").arg(photo.width).arg(photo.height)
                                               : DuplicateGroupModel::tr("size unknown");
    const QString date = photo.takenAt ? QString::fromStdString(*photo.takenAt).left(16)
                                       : DuplicateGroupModel::tr("no date taken");
    return DuplicateGroupModel::tr("%1\n%2 · %3\n%4\n%5")
        .arg(QFileInfo(QString::fromStdString(photo.path)).fileName(), resolution,
             QLocale().formattedDataSize(photo.fileSize), date,
             QDir::toNativeSeparators(QFileInfo(QString::fromStdString(photo.path)).absolutePath()));
}

DuplicateGroupModel::DuplicateGroupModel(ThumbnailCache* thumbnails, QObject* parent)
    : QAbstractTableModel(parent), thumbnails_(thumbnails) {
    if (thumbnails_) connect(thumbnails_, &ThumbnailCache::thumbnailReady, this, &DuplicateGroupModel::onThumbnailReady);
}

void DuplicateGroupModel::setGroups(std::vector<DuplicateGroup> groups) {
    beginResetModel();
    groups_ = std::move(groups);
    columns_ = 0;
    cellOfPath_.clear();
    for (const auto& g : groups_) columns_ = std::max(columns_, static_cast<int>(g.photos.size()));
    endResetModel();
    for (int row = 0; row < rowCount(); ++row)
        for (int column = 0; column < static_cast<int>(groups_[static_cast<std::size_t>(row)].photos.size()); ++column)
            cellOfPath_.insert(QString::fromStdString(groups_[static_cast<std::size_t>(row)].photos[static_cast<std::size_t>(column)].path),
                               index(row, column));
}

const DuplicatePhoto* DuplicateGroupModel::photoAt(const QModelIndex& index) const {
    if (!index.isValid() || index.row() >= rowCount()) return nullptr;
    const auto& photos = groups_[static_cast<std::size_t>(index.row())].photos;
    if (index.column() >= static_cast<int>(photos.size())) return nullptr;
    return &photos[static_cast<std::size_t>(index.column())];
}

QList<QModelIndex> DuplicateGroupModel::othersThanKeepers() const {
    QList<QModelIndex> out;
    for (int row = 0; row < rowCount(); ++row)
        for (int column = 1; column < static_cast<int>(groups_[static_cast<std::size_t>(row)].photos.size()); ++column)
            out.append(index(row, column));
    return out;
}

int DuplicateGroupModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(groups_.size());
}

int DuplicateGroupModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : columns_; }

QVariant DuplicateGroupModel::data(const QModelIndex& index, int role) const {
    const DuplicatePhoto* photo = photoAt(index);
    if (!photo) return {};
    const bool keeper = index.column() == 0;
    const QString path = QString::fromStdString(photo->path);
    switch (role) {
    case Qt::DisplayRole:
        return (keeper ? tr("Keep (suggested)") : tr("Distance %1").arg(photo->distance, 0, 'f', 4)) + '\n' +
               duplicatePhotoSummary(*photo);
    case Qt::DecorationRole:
        if (!thumbnails_) return {};
        if (const QPixmap pixmap = thumbnails_->find(path); !pixmap.isNull()) return pixmap;
        if (!thumbnails_->isBroken(path)) thumbnails_->request(path);
        return {};
    case Qt::ToolTipRole:
        return QDir::toNativeSeparators(path);
    case Qt::BackgroundRole:
        return keeper ? QVariant(QBrush(QColor(0xd8, 0xf0, 0xd8))) : QVariant();
    case PhotoIdRole:
        return QVariant::fromValue<qint64>(photo->photoId);
    case PathRole:
        return path;
    case KeeperRole:
        return keeper;
    default:
        return {};
    }
}

QVariant DuplicateGroupModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return tr("Group %1").arg(section + 1);
    return section == 0 ? tr("Suggested keeper") : tr("Duplicate %1").arg(section);
}

Qt::ItemFlags DuplicateGroupModel::flags(const QModelIndex& index) const {
    return photoAt(index) ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags;
}

void DuplicateGroupModel::onThumbnailReady(const QString& path) {
    const auto cell = cellOfPath_.constFind(path);
    if (cell != cellOfPath_.constEnd()) Q_EMIT dataChanged(*cell, *cell, {Qt::DecorationRole});
}

}  // namespace clipdesk::ui
