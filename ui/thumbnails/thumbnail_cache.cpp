#include "thumbnails/thumbnail_cache.h"

#include "thumbnails/photo_image.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QRunnable>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThread>

namespace clipdesk::ui {

ThumbnailCache::ThumbnailCache(int size, const QString& cacheDir, QObject* parent)
    : QObject(parent),
      size_(size),
      cacheDir_(cacheDir.isEmpty()
                    ? QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath("thumbnails")
                    : cacheDir),
      memory_(4000),
      generation_(std::make_shared<std::atomic<int>>(0)) {
    QDir().mkpath(cacheDir_);
    pool_.setMaxThreadCount(std::max(1, std::min(4, QThread::idealThreadCount() / 2)));
}

ThumbnailCache::~ThumbnailCache() {
    cancelPending();
    pool_.waitForDone();
}

QPixmap ThumbnailCache::find(const QString& path) const {
    if (const QPixmap* pixmap = memory_.object(path)) return *pixmap;
    return {};
}

QString ThumbnailCache::cacheFileFor(const QString& path) const {
    const QFileInfo info(path);
    const QByteArray key = path.toUtf8() + '\n' + QByteArray::number(info.size()) + '\n' +
                           QByteArray::number(info.lastModified().toMSecsSinceEpoch()) + '\n' +
                           QByteArray::number(size_);
    return QDir(cacheDir_).filePath(QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex()));
}

QImage ThumbnailCache::loadOrCreate(const QString& path, const QString& cacheFile, int size) {
    for (const char* suffix : {".jpg", ".png"}) {  // .png: written by earlier versions
        QImage cached(cacheFile + suffix);
        if (!cached.isNull()) return cached;
    }
    QImage image = readPhotoImage(path, size).image;
    if (image.isNull()) return image;
    QSaveFile file(cacheFile + ".jpg");
    if (file.open(QIODevice::WriteOnly) && image.save(&file, "JPEG", 85)) file.commit();
    return image;
}

void ThumbnailCache::request(const QString& path) {
    if (memory_.contains(path) || inFlight_.contains(path) || broken_.contains(path)) return;
    inFlight_.insert(path);
    const QString cacheFile = cacheFileFor(path);
    const int size = size_;
    const int generation = generation_->load();
    auto currentGeneration = generation_;
    QPointer<ThumbnailCache> self(this);
    pool_.start(
        [self, path, cacheFile, size, generation, currentGeneration] {
            QImage image;
            if (currentGeneration->load() == generation) image = loadOrCreate(path, cacheFile, size);
            const bool skipped = currentGeneration->load() != generation && image.isNull();
            if (!self) return;
            QMetaObject::invokeMethod(self.data(), [self, path, image, skipped] {
                if (!self) return;
                if (skipped) {
                    self->inFlight_.remove(path);
                    return;
                }
                self->onLoaded(path, image);
            }, Qt::QueuedConnection);
        },
        ++priority_);  // newest first: the rows just scrolled into view
}

void ThumbnailCache::cancelPending() {
    ++*generation_;
    pool_.clear();
    inFlight_.clear();
}

void ThumbnailCache::onLoaded(const QString& path, const QImage& image) {
    inFlight_.remove(path);
    if (image.isNull()) {
        broken_.insert(path);
    } else {
        memory_.insert(path, new QPixmap(QPixmap::fromImage(image)));
    }
    Q_EMIT thumbnailReady(path);
}

}  // namespace clipdesk::ui
