#pragma once
// Live chart of a training run: training loss per logged step (left axis) and validation
// image->text / text->image recall@1 per evaluation (right axis, 0..1).

#include <QChartView>

class QLineSeries;
class QValueAxis;

namespace clipdesk::ui {

class TrainingChart : public QChartView {
    Q_OBJECT
public:
    explicit TrainingChart(QWidget* parent = nullptr);
    void clear();
    void addLoss(qint64 step, double loss);
    void addRecall(qint64 step, double imageToText, double textToImage);
    void retranslate();
    int lossPointCount() const;
    int recallPointCount() const;

private:
    void growStepAxis(qint64 step);

    QLineSeries* loss_;
    QLineSeries* imageToText_;
    QLineSeries* textToImage_;
    QValueAxis* stepAxis_;
    QValueAxis* lossAxis_;
    QValueAxis* recallAxis_;
    double maxLoss_ = 0;
};

}  // namespace clipdesk::ui
