#pragma once
// Photos and folders that could not be indexed, with the reason: the library's record plus
// failures reported live by the run in progress.

#include "services/library_overview.h"

#include <QAbstractTableModel>

namespace clipdesk::ui {

class FailedPhotoModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { PathColumn, ReasonColumn, ColumnCount };

    explicit FailedPhotoModel(QObject* parent = nullptr);
    void setFailures(const std::vector<PathProblem>& failures);
    void append(const PathProblem& failure);
    const std::vector<PathProblem>& failures() const { return failures_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<PathProblem> failures_;
};

}  // namespace clipdesk::ui
