#include "models/folder_table_model.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace clipdesk::ui {

FolderTableModel::FolderTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void FolderTableModel::setFolders(const QList<FolderSummary>& folders) {
    beginResetModel();
    folders_ = folders;
    endResetModel();
}

void FolderTableModel::addPendingFolders(const QStringList& paths) {
    for (const QString& path : paths) {
        const QString clean = QFileInfo(path).canonicalFilePath().isEmpty() ? QDir::cleanPath(path)
                                                                             : QFileInfo(path).canonicalFilePath();
        const bool listed = std::any_of(folders_.cbegin(), folders_.cend(), [&](const FolderSummary& f) {
            return f.path == clean || f.path == path;
        });
        if (listed) continue;
        const int row = int(folders_.size());
        beginInsertRows({}, row, row);
        FolderSummary folder;
        folder.path = clean;
        folder.beingAdded = true;
        folders_.push_back(folder);
        endInsertRows();
    }
}

QString FolderTableModel::folderAt(int row) const { return row >= 0 && row < folders_.size() ? folders_[row].path : QString(); }

int FolderTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(folders_.size()); }
int FolderTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString FolderTableModel::stateText(const FolderSummary& folder) const {
    if (folder.beingAdded) return tr("Being added…");
    if (!QFileInfo(folder.path).isDir()) return tr("Not found (unplugged drive?)");
    if (folder.pending + folder.stale > 0) return tr("Needs indexing");
    if (folder.total() == 0) return tr("Not indexed yet");
    return tr("Up to date");
}

QVariant FolderTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= folders_.size()) return {};
    const FolderSummary& f = folders_[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case FolderColumn: return QDir::toNativeSeparators(f.path);
        case PhotosColumn: return f.total();
        case IndexedColumn: return f.indexed;
        case ToIndexColumn: return f.pending + f.stale;
        case FailedColumn: return f.failed;
        case StateColumn: return stateText(f);
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == FolderColumn) return f.path;
    if (role == Qt::TextAlignmentRole && index.column() != FolderColumn && index.column() != StateColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant FolderTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case FolderColumn: return tr("Folder");
    case PhotosColumn: return tr("Photos");
    case IndexedColumn: return tr("Indexed");
    case ToIndexColumn: return tr("To index");
    case FailedColumn: return tr("Failed");
    case StateColumn: return tr("State");
    default: return {};
    }
}

}  // namespace clipdesk::ui
