#include "models/failed_photo_model.h"

#include <QDir>

namespace clipdesk::ui {

FailedPhotoModel::FailedPhotoModel(QObject* parent) : QAbstractTableModel(parent) {}

void FailedPhotoModel::setFailures(const std::vector<PathProblem>& failures) {
    beginResetModel();
    failures_ = failures;
    endResetModel();
}

void FailedPhotoModel::append(const PathProblem& failure) {
    for (const auto& f : failures_)
        if (f.path == failure.path && f.reason == failure.reason) return;
    const int row = rowCount();
    beginInsertRows({}, row, row);
    failures_.push_back(failure);
    endInsertRows();
}

int FailedPhotoModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(failures_.size()); }
int FailedPhotoModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant FailedPhotoModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const PathProblem& f = failures_[static_cast<std::size_t>(index.row())];
    const QString path = QString::fromStdString(f.path), reason = QString::fromStdString(f.reason);
    if (role == Qt::DisplayRole) return index.column() == PathColumn ? QDir::toNativeSeparators(path) : reason;
    if (role == Qt::ToolTipRole) return path + "\n" + reason;
    return {};
}

QVariant FailedPhotoModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == PathColumn ? tr("File") : tr("Reason");
}

}  // namespace clipdesk::ui
