#include "models/search_result_model.h"

#include "thumbnails/thumbnail_cache.h"

#include <QApplication>
#include <QFileInfo>
#include <QMimeData>
#include <QPainter>
#include <QStyle>
#include <QUrl>

namespace clipdesk::ui {
namespace {

QIcon blankIcon(int size) {
    QPixmap pixmap(size, size);
    pixmap.fill(QColor(0, 0, 0, 0));
    QPainter painter(&pixmap);
    painter.setPen(QColor(160, 160, 160));
    painter.setBrush(QColor(225, 225, 225));
    painter.drawRoundedRect(QRect(size / 4, size / 4, size / 2, size / 2), 6, 6);
    return QIcon(pixmap);
}

}  // namespace

SearchResultModel::SearchResultModel(ThumbnailCache* thumbnails, QObject* parent)
    : QAbstractListModel(parent),
      thumbnails_(thumbnails),
      placeholder_(blankIcon(thumbnails->size())),
      brokenIcon_(QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning)) {
    connect(thumbnails_, &ThumbnailCache::thumbnailReady, this, &SearchResultModel::onThumbnailReady);
}

void SearchResultModel::setHits(const QList<PhotoHit>& hits) {
    beginResetModel();
    thumbnails_->cancelPending();
    hits_ = hits;
    rowOfPath_.clear();
    rowOfPath_.reserve(hits_.size());
    for (int row = 0; row < hits_.size(); ++row) rowOfPath_.insert(hits_[row].path, row);  // last row wins
    endResetModel();
}

QString SearchResultModel::pathAt(int row) const { return row >= 0 && row < hits_.size() ? hits_[row].path : QString(); }
float SearchResultModel::scoreAt(int row) const { return row >= 0 && row < hits_.size() ? hits_[row].score : 0.f; }

int SearchResultModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(hits_.size()); }

QVariant SearchResultModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= hits_.size()) return {};
    const PhotoHit& hit = hits_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        if (!hit.note.isEmpty())
            return QStringLiteral("%1\n%2 %3").arg(QFileInfo(hit.path).fileName(), QString::number(hit.score, 'f', 3), hit.note);
        return QStringLiteral("%1\n%2").arg(QFileInfo(hit.path).fileName(), QString::number(hit.score, 'f', 3));
    case Qt::DecorationRole: {
        const QPixmap pixmap = thumbnails_->find(hit.path);
        if (!pixmap.isNull()) return QIcon(pixmap);
        if (thumbnails_->isBroken(hit.path)) return brokenIcon_;
        thumbnails_->request(hit.path);
        return placeholder_;
    }
    case FileNameRole:
        return QFileInfo(hit.path).fileName();
    case ScoreTextRole:
        return hit.note.isEmpty() ? QString::number(hit.score, 'f', 3)
                                  : QStringLiteral("%1 %2").arg(QString::number(hit.score, 'f', 3), hit.note);
    case ThumbnailRole:
        return thumbnails_->find(hit.path);
    case Qt::ToolTipRole:
        return tr("%1\nscore %2").arg(hit.path, QString::number(hit.score, 'f', 4));
    case PathRole:
        return hit.path;
    case ScoreRole:
        return hit.score;
    default:
        return {};
    }
}

Qt::ItemFlags SearchResultModel::flags(const QModelIndex& index) const {
    return QAbstractListModel::flags(index) | (index.isValid() ? Qt::ItemIsDragEnabled : Qt::NoItemFlags);
}

QStringList SearchResultModel::mimeTypes() const { return {"text/uri-list"}; }

QMimeData* SearchResultModel::mimeData(const QModelIndexList& indexes) const {
    QList<QUrl> urls;
    for (const QModelIndex& index : indexes)
        if (index.isValid()) urls.push_back(QUrl::fromLocalFile(hits_.at(index.row()).path));
    auto* mime = new QMimeData;
    mime->setUrls(urls);
    return mime;
}

Qt::DropActions SearchResultModel::supportedDragActions() const { return Qt::CopyAction; }

void SearchResultModel::onThumbnailReady(const QString& path) {
    // Rows sharing a path are rare (only with duplicated paths); refresh the whole range then.
    const auto it = rowOfPath_.constFind(path);
    if (it == rowOfPath_.constEnd()) return;
    const QModelIndex index = this->index(*it);
    Q_EMIT dataChanged(index, index, {Qt::DecorationRole});
}

}  // namespace clipdesk::ui
