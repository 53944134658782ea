#include "widgets/training_chart.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

namespace clipdesk::ui {

TrainingChart::TrainingChart(QWidget* parent) : QChartView(parent) {
    auto* chart = new QChart;
    loss_ = new QLineSeries(chart);
    imageToText_ = new QLineSeries(chart);
    textToImage_ = new QLineSeries(chart);
    imageToText_->setPointsVisible(true);
    textToImage_->setPointsVisible(true);
    chart->addSeries(loss_);
    chart->addSeries(imageToText_);
    chart->addSeries(textToImage_);
    stepAxis_ = new QValueAxis(chart);
    stepAxis_->setLabelFormat("%d");
    lossAxis_ = new QValueAxis(chart);
    lossAxis_->setLabelFormat("%.2g");
    recallAxis_ = new QValueAxis(chart);
    recallAxis_->setRange(0, 1);
    recallAxis_->setTickCount(6);  // 0.0, 0.2, … 1.0
    recallAxis_->setLabelFormat("%.1f");
    chart->addAxis(stepAxis_, Qt::AlignBottom);
    chart->addAxis(lossAxis_, Qt::AlignLeft);
    chart->addAxis(recallAxis_, Qt::AlignRight);
    loss_->attachAxis(stepAxis_);
    loss_->attachAxis(lossAxis_);
    for (auto* series : {imageToText_, textToImage_}) {
        series->attachAxis(stepAxis_);
        series->attachAxis(recallAxis_);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    clear();
    retranslate();
}

void TrainingChart::retranslate() {
    loss_->setName(tr("Training loss"));
    imageToText_->setName(tr("Validation recall@1, image→text"));
    textToImage_->setName(tr("Validation recall@1, text→image"));
    stepAxis_->setTitleText(tr("Step"));
    lossAxis_->setTitleText(tr("Loss"));
    recallAxis_->setTitleText(tr("Recall"));
}

void TrainingChart::clear() {
    loss_->clear();
    imageToText_->clear();
    textToImage_->clear();
    maxLoss_ = 0;
    stepAxis_->setRange(0, 10);
    stepAxis_->applyNiceNumbers();
    lossAxis_->setRange(0, 1);
}

void TrainingChart::growStepAxis(qint64 step) {
    if (step <= stepAxis_->max()) return;
    stepAxis_->setRange(0, static_cast<double>(step) * 1.25);
    stepAxis_->applyNiceNumbers();
}

void TrainingChart::addLoss(qint64 step, double loss) {
    loss_->append(static_cast<double>(step), loss);
    growStepAxis(step);
    if (loss > maxLoss_) {
        maxLoss_ = loss;
        lossAxis_->setRange(0, maxLoss_ * 1.1);
        lossAxis_->applyNiceNumbers();  // round ticks (0.5, 1.0, 1.5), not 0.49, 0.98, 1.47
    }
}

void TrainingChart::addRecall(qint64 step, double imageToText, double textToImage) {
    imageToText_->append(static_cast<double>(step), imageToText);
    textToImage_->append(static_cast<double>(step), textToImage);
    growStepAxis(step);
}

int TrainingChart::lossPointCount() const { return loss_->count(); }
int TrainingChart::recallPointCount() const { return imageToText_->count(); }

}  // namespace clipdesk::ui
