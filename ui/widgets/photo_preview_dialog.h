#pragma once
// A photo at full size (scaled to the window) with its metadata: path, dimensions, when it was
// taken (or the file's modification time, labelled so), file size, the search score and the
// photo's tags. The image is decoded off the GUI thread. Space or
// Escape closes it; Right/Down ask for the next photo of the grid, Left/Up for the previous one.

#include "thumbnails/photo_image.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QImage>

class QLabel;

namespace clipdesk::ui {

class PhotoPreviewDialog : public QDialog {
    Q_OBJECT
public:
    explicit PhotoPreviewDialog(QWidget* parent = nullptr);
    // Shows `path`; `score` < -1 hides the score line. `dateText` (photo_date_text.h
    // longDateText) says when it was taken; empty: the file's modification time is shown.
    void showPhoto(const QString& path, double score, const QString& dateText = {});
    QString dateText() const { return dateText_; }
    // The photo's tags, listed under its metadata (they may arrive after the image).
    void setTags(const QStringList& tags);
    QStringList tags() const { return tags_; }
    QString path() const { return path_; }
    // The decoded image once loaded (null until then, or when the file cannot be read).
    QImage image() const { return image_; }

Q_SIGNALS:
    void loaded();
    void stepRequested(int step);  // +1 next, -1 previous

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    QString dateText_;
    void onLoaded();
    void updatePixmap();
    void updateMetadata();

    QLabel* imageLabel_;
    QLabel* metadataLabel_;
    QString path_;
    double score_ = -2;
    QStringList tags_;
    QImage image_;
    QSize fullSize_;
    QFutureWatcher<PhotoImage> watcher_;
};

}  // namespace clipdesk::ui
