#include "models/search_result_model.h"

#include "text/photo_date_text.h"
#include "thumbnails/thumbnail_cache.h"

#include <QApplication>
#include <QFileInfo>
#include <QLocale>
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

void SearchResultModel::setHits(const QList<PhotoHit>& hits, Grouping grouping) {
    beginResetModel();
    thumbnails_->cancelPending();
    hits_ = hits;
    grouping_ = grouping;
    rows_.clear();
    headers_.clear();
    if (grouping_ == Grouping::ByMonth) {
        rows_.reserve(hits_.size() + hits_.size() / 8 + 1);
        QString month;
        for (int i = 0; i < hits_.size(); ++i) {
            const QString hitMonth = hits_[i].date.left(7);  // "YYYY-MM"
            if (i == 0 || hitMonth != month) {
                month = hitMonth;
                headers_.push_back({i, 0});
                rows_.push_back(-static_cast<int>(headers_.size()));
            }
            ++headers_.back().count;
            rows_.push_back(i);
        }
    }
    rowOfPath_.clear();
    rowOfPath_.reserve(hits_.size());
    for (int row = 0; row < rowCount(); ++row) {
        const int hit = hitIndex(row);
        if (hit >= 0) rowOfPath_.insert(hits_[hit].path, row);  // last row wins
    }
    endResetModel();
}

int SearchResultModel::hitIndex(int row) const {
    if (row < 0) return -1;
    if (grouping_ == Grouping::None) return row < hits_.size() ? row : -1;
    return row < rows_.size() && rows_[row] >= 0 ? rows_[row] : -1;
}

const PhotoHit* SearchResultModel::hitAt(int row) const {
    const int hit = hitIndex(row);
    return hit >= 0 ? &hits_[hit] : nullptr;
}

QString SearchResultModel::pathAt(int row) const {
    const PhotoHit* hit = hitAt(row);
    return hit ? hit->path : QString();
}

float SearchResultModel::scoreAt(int row) const {
    const PhotoHit* hit = hitAt(row);
    return hit ? hit->score : 0.f;
}

QString SearchResultModel::headerText(const HeaderRow& header) const {
    const QDateTime date = parseStoredDate(hits_[header.hit].date);
    const QString month = date.isValid() ? QLocale().toString(date.date(), QStringLiteral("MMMM yyyy")) : tr("Date unknown");
    return tr("%1 · %n photo(s)", nullptr, header.count).arg(month);
}

int SearchResultModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) return 0;
    return static_cast<int>(grouping_ == Grouping::None ? hits_.size() : rows_.size());
}

QVariant SearchResultModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const int hitRow = hitIndex(index.row());
    if (hitRow < 0) {
        const HeaderRow& header = headers_[-rows_[index.row()] - 1];
        if (role == HeaderRole || role == Qt::DisplayRole || role == Qt::AccessibleTextRole) return headerText(header);
        return {};
    }
    const PhotoHit& hit = hits_[hitRow];
    // The caption's second line: the score (when there is a query), the date taken, a note.
    const auto scoreLine = [&hit] {
        QStringList parts;
        if (hit.scored) parts << QString::number(hit.score, 'f', 3);
        const QString date = shortDateText(hit.date, hit.dateFromFile);
        if (!date.isEmpty()) parts << date;
        QString line = parts.join(QStringLiteral(" · "));
        if (!hit.note.isEmpty()) line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + hit.note;
        return line;
    };
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1\n%2").arg(QFileInfo(hit.path).fileName(), scoreLine());
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
        return scoreLine();
    case ThumbnailRole:
        return thumbnails_->find(hit.path);
    case Qt::ToolTipRole: {
        QString tip = hit.path;
        if (hit.scored) tip += QLatin1Char('\n') + tr("score %1").arg(QString::number(hit.score, 'f', 4));
        if (!hit.date.isEmpty()) tip += QLatin1Char('\n') + longDateText(hit.date, hit.dateOffset, hit.dateFromFile);
        return tip;
    }
    case PathRole:
        return hit.path;
    case ScoreRole:
        return hit.score;
    default:
        return {};
    }
}

Qt::ItemFlags SearchResultModel::flags(const QModelIndex& index) const {
    if (index.isValid() && hitIndex(index.row()) < 0) return Qt::NoItemFlags;  // a month header
    return QAbstractListModel::flags(index) | (index.isValid() ? Qt::ItemIsDragEnabled : Qt::NoItemFlags);
}

QStringList SearchResultModel::mimeTypes() const { return {"text/uri-list"}; }

QMimeData* SearchResultModel::mimeData(const QModelIndexList& indexes) const {
    QList<QUrl> urls;
    for (const QModelIndex& index : indexes)
        if (const PhotoHit* hit = index.isValid() ? hitAt(index.row()) : nullptr) urls.push_back(QUrl::fromLocalFile(hit->path));
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
