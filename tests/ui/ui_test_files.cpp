#include "ui_test_files.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QTextStream>

namespace clipdesk::test {

QStringList writeGeneratedPhotos(const QString& dir, int count, int size, const QString& prefix) {
    QDir().mkpath(dir);
    QStringList paths;
    for (int i = 0; i < count; ++i) {
        QImage image(size, size, QImage::Format_RGB32);
        image.fill(QColor::fromHsv((i * 47) % 360, 160 + (i * 13) % 90, 90 + (i * 29) % 160));
        QPainter painter(&image);
        painter.setBrush(QColor::fromHsv((i * 47 + 180) % 360, 220, 240));
        painter.setPen(Qt::NoPen);
        const int cell = size / 4;
        painter.drawRect((i % 4) * cell, ((i / 4) % 4) * cell, cell, cell);
        painter.drawEllipse(QPoint(size / 2, size / 2), (i % 5 + 1) * size / 14, (i % 3 + 1) * size / 10);
        painter.end();
        const QString path = QDir(dir).filePath(QString("%1-%2.png").arg(prefix).arg(i, 3, 10, QChar('0')));
        image.save(path);
        paths << path;
    }
    return paths;
}

QString writeTinyPairs(const QString& dir, int count) {
    const QStringList photos = writeGeneratedPhotos(dir, count, 32, "pair");
    const char* words[] = {"red", "green", "blue", "square", "corner", "bright", "dark", "left", "right", "top"};
    const QString csvPath = QDir(dir).filePath("pairs.csv");
    QFile csv(csvPath);
    csv.open(QIODevice::WriteOnly | QIODevice::Text);
    QTextStream out(&csv);
    out << "image,caption\n";
    for (int i = 0; i < photos.size(); ++i)
        out << QFileInfo(photos[i]).fileName() << ",\"a " << words[i % 10] << ' ' << words[(i / 3) % 10]
            << " picture, number " << i << "\"\n";
    return csvPath;
}

double greyVariance(const QImage& image) {
    const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
    double sum = 0, sumSq = 0;
    const double n = double(grey.width()) * grey.height();
    for (int y = 0; y < grey.height(); ++y) {
        const uchar* row = grey.constScanLine(y);
        for (int x = 0; x < grey.width(); ++x) {
            sum += row[x];
            sumSq += double(row[x]) * row[x];
        }
    }
    const double mean = sum / n;
    return sumSq / n - mean * mean;
}

}  // namespace clipdesk::test
