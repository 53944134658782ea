#include "models/pair_preview_model.h"

#include <QPixmap>

namespace clipdesk::ui {

void PairPreviewModel::setPairs(const QList<PreviewPair>& pairs) {
    beginResetModel();
    pairs_ = pairs;
    endResetModel();
}

int PairPreviewModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(pairs_.size()); }

QVariant PairPreviewModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= pairs_.size()) return {};
    const PreviewPair& pair = pairs_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return pair.caption;
    case Qt::DecorationRole:
        return pair.image.isNull() ? QVariant() : QVariant(QPixmap::fromImage(pair.image));
    case Qt::ToolTipRole:
        return pair.error.isEmpty() ? pair.origin + "\n" + pair.caption : pair.origin + "\n" + pair.error;
    default:
        return {};
    }
}

}  // namespace clipdesk::ui
