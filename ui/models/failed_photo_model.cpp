#include "models/failed_photo_model.h"

#include <QDir>

namespace clipdesk::ui {

FailedPhotoModel::FailedPhotoModel(QObject* parent) : QAbstractTableModel(parent) {}

void FailedPhotoModel::setFailures(const QList<FailedPhoto>& failures) {
    beginResetModel();
    failures_ = failures;
    endResetModel();
}

void FailedPhotoModel::append(const FailedPhoto& failure) {
    for (const auto& f : failures_)
        if (f.path == failure.path && f.reason == failure.reason) return;
    const int row = static_cast<int>(failures_.size());
    beginInsertRows({}, row, row);
    failures_.push_back(failure);
    endInsertRows();
}

int FailedPhotoModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(failures_.size()); }
int FailedPhotoModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant FailedPhotoModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= failures_.size()) return {};
    const FailedPhoto& f = failures_[index.row()];
    if (role == Qt::DisplayRole) return index.column() == PathColumn ? QDir::toNativeSeparators(f.path) : f.reason;
    if (role == Qt::ToolTipRole) return f.path + "\n" + f.reason;
    return {};
}

QVariant FailedPhotoModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == PathColumn ? tr("File") : tr("Reason");
}

}  // namespace clipdesk::ui
