#pragma once
// Thumbnails for the result grid. find() answers from memory; request() loads a missing one
// on a thread pool, newest request first (the rows just scrolled to), from the on-disk cache
// or by decoding the photo scaled down (then stored in the on-disk cache), and announces it
// with thumbnailReady(). The GUI thread never decodes.
//
// Photos are decoded as the library indexes them (readPhotoImage: HEIF, AVIF and camera RAW
// too). On disk: <cacheDir>/<sha1 of path, size, mtime, thumbnail size>.jpg, so a changed
// photo gets a new thumbnail.

#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace clipdesk::ui {

class ThumbnailCache : public QObject {
    Q_OBJECT
public:
    // `cacheDir` empty: <CacheLocation>/thumbnails.
    explicit ThumbnailCache(int size = 160, const QString& cacheDir = {}, QObject* parent = nullptr);
    ~ThumbnailCache() override;

    int size() const { return size_; }
    QString cacheDir() const { return cacheDir_; }
    // The thumbnail if it is in memory; a null pixmap otherwise.
    QPixmap find(const QString& path) const;
    // True when the photo could not be decoded (find() then stays null).
    bool isBroken(const QString& path) const { return broken_.contains(path); }
    // Loads the thumbnail in the background unless it is in memory or already on its way.
    void request(const QString& path);
    // Requests not started yet are dropped (e.g. a new result list replaced the old).
    void cancelPending();
    // The on-disk file of a photo's thumbnail (may not exist yet).
    QString cacheFileFor(const QString& path) const;
    // Waits for the loads in flight (tests, shutdown).
    void waitForDone() { pool_.waitForDone(); }

    // Produces a thumbnail: from the on-disk cache, else decoded and stored there. Any thread.
    static QImage loadOrCreate(const QString& path, const QString& cacheFile, int size);

Q_SIGNALS:
    void thumbnailReady(const QString& path);

private:
    void onLoaded(const QString& path, const QImage& image);

    int size_;
    QString cacheDir_;
    QThreadPool pool_;
    mutable QCache<QString, QPixmap> memory_;
    QSet<QString> inFlight_;
    QSet<QString> broken_;
    std::shared_ptr<std::atomic<int>> generation_;
    std::atomic<int> priority_{0};
};

}  // namespace clipdesk::ui
