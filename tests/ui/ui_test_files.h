#pragma once
// Files the GUI tests work on: small generated photos and a tiny pairs file for training.

#include <QString>
#include <QStringList>

class QImage;

namespace clipdesk::test {

// Writes `count` PNG photos of `size` pixels (distinct colour patterns) into `dir`; returns their paths.
QStringList writeGeneratedPhotos(const QString& dir, int count, int size, const QString& prefix = "photo");

// Writes `count` small photos and DIR/pairs.csv (image,caption) describing them; returns the csv's path.
QString writeTinyPairs(const QString& dir, int count);

// Population variance of the grey levels of an image: ~0 for a blank (one-colour) picture.
double greyVariance(const QImage& image);

}  // namespace clipdesk::test
