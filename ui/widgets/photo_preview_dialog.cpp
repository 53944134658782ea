#include "widgets/photo_preview_dialog.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace clipdesk::ui {
namespace {

constexpr int kMaxSide = 4096;  // enough for any screen; keeps huge photos cheap

}  // namespace

PhotoPreviewDialog::PhotoPreviewDialog(QWidget* parent) : QDialog(parent) {
    setObjectName("photoPreview");
    imageLabel_ = new QLabel(this);
    imageLabel_->setAlignment(Qt::AlignCenter);
    imageLabel_->setMinimumSize(200, 200);
    imageLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    metadataLabel_ = new QLabel(this);
    metadataLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    metadataLabel_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(imageLabel_, 1);
    layout->addWidget(metadataLabel_);
    resize(900, 700);
    connect(&watcher_, &QFutureWatcher<PhotoImage>::finished, this, &PhotoPreviewDialog::onLoaded);
}

void PhotoPreviewDialog::showPhoto(const QString& path, double score, const QString& dateText) {
    path_ = path;
    dateText_ = dateText;
    score_ = score;
    tags_.clear();
    image_ = QImage();
    fullSize_ = QSize();
    setWindowTitle(QFileInfo(path).fileName());
    imageLabel_->setPixmap({});
    imageLabel_->setText(tr("Loading…"));
    metadataLabel_->setText(QDir::toNativeSeparators(path));
    watcher_.setFuture(QtConcurrent::run([path] { return readPhotoImage(path, kMaxSide); }));
    show();
    raise();
    activateWindow();
}

void PhotoPreviewDialog::onLoaded() {
    if (watcher_.future().resultCount() == 0) return;
    const PhotoImage photo = watcher_.result();
    image_ = photo.image;
    fullSize_ = photo.fullSize;
    if (image_.isNull()) imageLabel_->setText(tr("This file cannot be shown.") + '\n' + photo.error);
    updateMetadata();
    updatePixmap();
    Q_EMIT loaded();
}

void PhotoPreviewDialog::setTags(const QStringList& tags) {
    tags_ = tags;
    updateMetadata();
}

void PhotoPreviewDialog::updateMetadata() {
    const QFileInfo info(path_);
    const QLocale locale;
    QStringList lines;
    lines << QDir::toNativeSeparators(path_);
    if (!image_.isNull()) {
        lines << tr("%1 × %2 pixels").arg(fullSize_.width()).arg(fullSize_.height());
    }
    if (!dateText_.isEmpty()) lines << dateText_;
    if (watcher_.isFinished()) {
        if (dateText_.isEmpty())
            lines << tr("%1, modified %2")
                         .arg(locale.formattedDataSize(info.size()), locale.toString(info.lastModified(), QLocale::ShortFormat));
        else
            lines << locale.formattedDataSize(info.size());
    }
    if (score_ >= -1) lines << tr("Score %1").arg(QString::number(score_, 'f', 4));
    if (!tags_.isEmpty()) lines << tr("Tags: %1").arg(tags_.join(QStringLiteral(", ")));
    metadataLabel_->setText(lines.join('\n'));
}

void PhotoPreviewDialog::updatePixmap() {
    if (image_.isNull()) return;
    const QSize target = imageLabel_->size();
    imageLabel_->setPixmap(QPixmap::fromImage(image_.size().boundedTo(target) == image_.size()
                                                  ? image_
                                                  : image_.scaled(target, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

void PhotoPreviewDialog::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_Space:
        close();
        return;
    case Qt::Key_Right:
    case Qt::Key_Down:
    case Qt::Key_PageDown:
        Q_EMIT stepRequested(+1);
        return;
    case Qt::Key_Left:
    case Qt::Key_Up:
    case Qt::Key_PageUp:
        Q_EMIT stepRequested(-1);
        return;
    default:
        QDialog::keyPressEvent(event);
    }
}

void PhotoPreviewDialog::resizeEvent(QResizeEvent* event) {
    QDialog::resizeEvent(event);
    updatePixmap();
}

}  // namespace clipdesk::ui
