#pragma once
// The library's tags with how many photos carry each (rejected ones not counted), for the
// Tags page's tag list: "beach (12)" as text, the tag and counts as roles.

#include "services/tag_queries.h"

#include <QAbstractListModel>
#include <QList>

namespace clipdesk::ui {

class TagCountModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { TagRole = Qt::UserRole + 1, CountRole, RejectedRole };

    explicit TagCountModel(QObject* parent = nullptr);

    void setTags(const QList<TagCount>& tags);
    const QList<TagCount>& tags() const { return tags_; }
    QString tagAt(int row) const;
    qint64 countAt(int row) const;
    int rowOf(const QString& tag) const;  // -1 when absent

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    QList<TagCount> tags_;
};

}  // namespace clipdesk::ui
