// Phone and camera photos in the window: thumbnails and the preview decode HEIF and camera RAW
// files (made at test time) upright, and name the photo's own size.

#include "photo_format_files.h"
#include "thumbnails/photo_image.h"
#include "thumbnails/thumbnail_cache.h"
#include "widgets/photo_preview_dialog.h"

#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace clipdesk;
using namespace clipdesk::ui;

namespace {

QString writeFile(const QTemporaryDir& dir, const QString& name, const std::vector<std::uint8_t>& bytes) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<qint64>(bytes.size()));
    return path;
}

bool reddish(QRgb c) { return qRed(c) > 150 && qBlue(c) < 100; }
bool bluish(QRgb c) { return qBlue(c) > 150 && qRed(c) < 100; }

}  // namespace

class PhotoImageTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString heic_;
    QString dng_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        // 64x32 stored, turned 90° clockwise: 32x64 upright, the red half on top.
        const auto heic = test::encodeHeif(test::redLeftBlueRight(64, 32), {false, 6, 0});
        QVERIFY2(!heic.empty(), "libheif has no HEVC encoder");
        heic_ = writeFile(dir_, "IMG_0001.HEIC", heic);
        test::DngFileSpec spec;
        spec.orientation = 6;
        dng_ = writeFile(dir_, "IMG_0002.DNG", test::writeDng(spec));
    }

    void photoImagesAreUpright() {
        for (const QString& path : {heic_, dng_}) {
            const PhotoImage photo = readPhotoImage(path, 256);
            QVERIFY2(photo.error.isEmpty(), qPrintable(photo.error));
            QVERIFY(photo.image.height() > photo.image.width());
            QVERIFY(reddish(photo.image.pixel(photo.image.width() / 2, 3)));
            QVERIFY(bluish(photo.image.pixel(photo.image.width() / 2, photo.image.height() - 4)));
        }
        QCOMPARE(readPhotoImage(heic_, 256).fullSize, QSize(32, 64));
        QCOMPARE(readPhotoImage(dng_, 256).fullSize, QSize(48, 64));
        QCOMPARE(readPhotoImage(heic_, 16).image.size(), QSize(8, 16));  // fits the box
        const PhotoImage missing = readPhotoImage(dir_.filePath("gone.heic"), 64);
        QVERIFY(missing.image.isNull());
        QVERIFY2(missing.error.contains("gone.heic"), qPrintable(missing.error));
        QVERIFY(isPhotoFile("a/IMG_1.CR3") && isPhotoFile("b.avif") && !isPhotoFile("c.gif"));
    }

    void thumbnailsAreMadeForHeifAndRaw() {
        ThumbnailCache cache(24, dir_.filePath("cache"));
        QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
        cache.request(heic_);
        cache.request(dng_);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 20000);
        for (const QString& path : {heic_, dng_}) {
            const QPixmap thumbnail = cache.find(path);
            QVERIFY(!cache.isBroken(path));
            QCOMPARE(thumbnail.height(), 24);
            QVERIFY(thumbnail.width() < 24);
            QVERIFY(reddish(thumbnail.toImage().pixel(thumbnail.width() / 2, 1)));
        }
    }

    void previewShowsTheRawAndItsSize() {
        PhotoPreviewDialog preview;
        QSignalSpy loaded(&preview, &PhotoPreviewDialog::loaded);
        preview.showPhoto(dng_, -2);
        QVERIFY(loaded.wait(20000));
        QVERIFY(!preview.image().isNull());
        QCOMPARE(preview.image().size(), QSize(48, 64));
        bool sizeShown = false;
        for (QLabel* label : preview.findChildren<QLabel*>())
            sizeShown = sizeShown || label->text().contains(QString::fromUtf8("48 × 64 pixels"));
        QVERIFY(sizeShown);
    }
};

QTEST_MAIN(PhotoImageTest)
#include "test_photo_image.moc"
