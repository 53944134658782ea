#include "models/tag_count_model.h"

namespace clipdesk::ui {

TagCountModel::TagCountModel(QObject* parent) : QAbstractListModel(parent) {}

void TagCountModel::setTags(const QList<TagCount>& tags) {
    beginResetModel();
    tags_ = tags;
    endResetModel();
}

QString TagCountModel::tagAt(int row) const { return row >= 0 && row < tags_.size() ? tags_[row].tag : QString(); }
qint64 TagCountModel::countAt(int row) const { return row >= 0 && row < tags_.size() ? tags_[row].photos : 0; }

int TagCountModel::rowOf(const QString& tag) const {
    for (int row = 0; row < tags_.size(); ++row)
        if (tags_[row].tag == tag) return row;
    return -1;
}

int TagCountModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(tags_.size()); }

QVariant TagCountModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= tags_.size()) return {};
    const TagCount& t = tags_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 (%2)").arg(t.tag).arg(t.photos);
    case Qt::ToolTipRole:
        return t.rejected > 0 ? tr("%1: %n photo(s), %2 rejected", nullptr, int(t.photos)).arg(t.tag).arg(t.rejected)
                              : tr("%1: %n photo(s)", nullptr, int(t.photos)).arg(t.tag);
    case TagRole:
        return t.tag;
    case CountRole:
        return t.photos;
    case RejectedRole:
        return t.rejected;
    default:
        return {};
    }
}

}  // namespace clipdesk::ui
