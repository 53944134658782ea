#pragma once
// Photos as QImages for thumbnails and the preview, decoded the way the library indexes them
// (PhotoDecoder: JPEG, PNG, WebP, TIFF, HEIF/HEIC, AVIF and camera RAW), oriented upright.

#include <QImage>
#include <QSize>
#include <QString>

namespace clipdesk::ui {

struct PhotoImage {
    QImage image;    // fits in maxSide x maxSide; null when the file cannot be decoded
    QSize fullSize;  // the photo's own size, upright
    QString error;   // why it cannot be decoded, one line
};

// Thread-safe; reduced decodes (JPEG scaling, HEIF thumbnails, RAW previews) are used where
// they still give at least maxSide pixels on the short side.
PhotoImage readPhotoImage(const QString& path, int maxSide);

// Whether the library would index a file of this name (its extension).
bool isPhotoFile(const QString& path);

}  // namespace clipdesk::ui
