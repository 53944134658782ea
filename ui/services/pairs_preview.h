#pragma once
// A look at training data before a run: opens the pairs (any format openPairs reads) off the
// GUI thread and returns a few evenly spaced pairs as small images with their captions, or
// the line-numbered reason the data can't be used.

#include <QImage>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace clipdesk::ui {

struct PreviewPair {
    QImage image;      // scaled to fit the requested size; null if it failed to decode
    QString caption;
    QString origin;    // where the pair comes from: "pairs.csv:17", an image path, …
    QString error;     // why the image could not be decoded
};

struct PairsPreview {
    QString path;
    qint64 total = 0;
    QStringList classNames;  // when the data has labels
    QList<PreviewPair> pairs;
    QString error;           // the data can't be opened; empty on success
};

// Blocking (run it on a worker thread). `count` pairs at most, spread over the data.
PairsPreview loadPairsPreview(const QString& path, int count, int imageSize);

}  // namespace clipdesk::ui

Q_DECLARE_METATYPE(clipdesk::ui::PairsPreview)
