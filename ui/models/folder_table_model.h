#pragma once
// The library's folders with their photo counts by state (LibraryDatabase::folderStatus()),
// and whether each folder can be reached on disk.

#include "services/library_overview.h"

#include <QAbstractTableModel>

namespace clipdesk::ui {

class FolderTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { FolderColumn, PhotosColumn, IndexedColumn, ToIndexColumn, FailedColumn, StateColumn, ColumnCount };

    explicit FolderTableModel(QObject* parent = nullptr);
    void setFolders(const QList<FolderSummary>& folders);
    // Lists folders being added at once (state "Being added…") until setFolders() replaces them.
    void addPendingFolders(const QStringList& paths);
    const QList<FolderSummary>& folders() const { return folders_; }
    QString folderAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QString stateText(const FolderSummary& folder) const;

    QList<FolderSummary> folders_;
};

}  // namespace clipdesk::ui
