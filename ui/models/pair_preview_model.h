#pragma once
// The pairs of a PairsPreview as a list model: the image as decoration, the caption as text,
// where the pair comes from (and a decoding error) as tooltip.

#include "services/pairs_preview.h"

#include <QAbstractListModel>

namespace clipdesk::ui {

class PairPreviewModel : public QAbstractListModel {
    Q_OBJECT
public:
    using QAbstractListModel::QAbstractListModel;

    void setPairs(const QList<PreviewPair>& pairs);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    QList<PreviewPair> pairs_;
};

}  // namespace clipdesk::ui
