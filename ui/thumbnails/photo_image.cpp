#include "thumbnails/photo_image.h"

#include "clip/image/photo_decoder.h"

#include <QFile>

#include <cstring>

namespace clipdesk::ui {

PhotoImage readPhotoImage(const QString& path, int maxSide) {
    static const PhotoDecoder decoder;
    PhotoImage out;
    try {
        DecodeOptions options;
        options.minShortSide = maxSide;
        const DecodedImage decoded = decoder.decodeFile(QFile::encodeName(path).toStdString(), options);
        QImage image(decoded.image.width, decoded.image.height, QImage::Format_RGB888);
        for (int y = 0; y < image.height(); ++y)
            std::memcpy(image.scanLine(y), decoded.image.row(y), static_cast<std::size_t>(decoded.image.width) * 3);
        if (image.width() > maxSide || image.height() > maxSide)
            image = image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        out.image = image;
        out.fullSize = QSize(decoded.sourceWidth, decoded.sourceHeight);
    } catch (const std::exception& e) {
        out.error = QString::fromStdString(e.what());
    }
    return out;
}

bool isPhotoFile(const QString& path) { return isPhotoFileName(QFile::encodeName(path).toStdString()); }

}  // namespace clipdesk::ui
