#include "services/pairs_preview.h"

#include "clip/image/photo_decoder.h"
#include "training/data/open_pairs.h"

#include <random>

namespace clipdesk::ui {

PairsPreview loadPairsPreview(const QString& path, int count, int imageSize) {
    PairsPreview preview;
    preview.path = path;
    try {
        const auto decoder = makePhotoDecoder();
        PairsOptions options;
        options.decode.minShortSide = imageSize;
        const auto dataset = openPairs(path.toStdString(), options, *decoder);
        preview.total = static_cast<qint64>(dataset->size());
        for (const auto& name : dataset->classNames()) preview.classNames << QString::fromStdString(name);
        const std::size_t n = dataset->size();
        const std::size_t shown = std::min<std::size_t>(n, static_cast<std::size_t>(std::max(0, count)));
        std::mt19937_64 rng(0);  // the caption drawn for data with several per image
        for (std::size_t k = 0; k < shown; ++k) {
            const std::size_t i = shown > 1 ? k * (n - 1) / (shown - 1) : 0;
            PreviewPair pair;
            pair.caption = QString::fromStdString(dataset->caption(i, rng));
            pair.origin = QString::fromStdString(dataset->describe(i));
            try {
                const RgbImage rgb = dataset->image(i);
                const QImage view(rgb.pixels.data(), rgb.width, rgb.height, rgb.width * 3, QImage::Format_RGB888);
                pair.image = view.scaled(imageSize, imageSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
            } catch (const std::exception& e) {
                pair.error = QString::fromStdString(e.what());
            }
            preview.pairs << pair;
        }
    } catch (const std::exception& e) {
        preview.error = QString::fromStdString(e.what());
    }
    return preview;
}

}  // namespace clipdesk::ui
