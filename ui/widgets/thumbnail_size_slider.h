#pragma once
// The results grids' thumbnail-size slider, bound both ways to AppSettings::thumbnailSize:
// every grid follows the setting, and moving any slider changes it.

#include <QSlider>

namespace clipdesk::ui {

class AppSettings;
class PhotoGridView;

class ThumbnailSizeSlider : public QSlider {
    Q_OBJECT
public:
    explicit ThumbnailSizeSlider(AppSettings& settings, QWidget* parent = nullptr);
    // Makes `grid` follow the setting (now and on every change).
    static void bind(AppSettings& settings, PhotoGridView* grid);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
};

}  // namespace clipdesk::ui
