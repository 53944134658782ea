#include "widgets/thumbnail_size_slider.h"

#include "settings/app_settings.h"
#include "widgets/photo_grid_view.h"
#include "widgets/photo_tile_layout.h"

#include <QEvent>

namespace clipdesk::ui {

ThumbnailSizeSlider::ThumbnailSizeSlider(AppSettings& settings, QWidget* parent) : QSlider(Qt::Horizontal, parent) {
    setObjectName("thumbnailSizeSlider");
    setRange(kMinThumbnailSize, kMaxThumbnailSize);
    setSingleStep(16);
    setPageStep(32);
    setValue(settings.thumbnailSize());
    setMaximumWidth(160);
    connect(this, &QSlider::valueChanged, &settings, &AppSettings::setThumbnailSize);
    connect(&settings, &AppSettings::thumbnailSizeChanged, this, [this](int pixels) {
        if (value() != pixels) setValue(pixels);
    });
    retranslateUi();
}

void ThumbnailSizeSlider::bind(AppSettings& settings, PhotoGridView* grid) {
    grid->setThumbnailSize(settings.thumbnailSize());
    connect(&settings, &AppSettings::thumbnailSizeChanged, grid, &PhotoGridView::setThumbnailSize);
}

void ThumbnailSizeSlider::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QSlider::changeEvent(event);
}

void ThumbnailSizeSlider::retranslateUi() { setToolTip(tr("Thumbnail size")); }

}  // namespace clipdesk::ui
