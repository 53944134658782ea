#include "pages/tags/threshold_panel.h"

#include "models/tag_review_model.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>

#include <algorithm>
#include <cmath>

namespace clipdesk::ui {
namespace {

constexpr int kSliderSteps = 1000;

}  // namespace

ThresholdPanel::ThresholdPanel(TagReviewModel& model, QWidget* parent) : QWidget(parent), model_(model) {
    heading_ = new QLabel(this);
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setObjectName("thresholdSlider");
    slider_->setRange(0, kSliderSteps);
    slider_->setEnabled(false);
    label_ = new QLabel(this);
    label_->setObjectName("thresholdLabel");
    applyButton_ = new QPushButton(this);
    applyButton_->setObjectName("applyThresholdButton");
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading_);
    layout->addWidget(slider_, 1);
    layout->addWidget(label_);
    layout->addWidget(applyButton_);

    connect(slider_, &QSlider::valueChanged, this, &ThresholdPanel::onSliderMoved);
    connect(applyButton_, &QPushButton::clicked, &model_, &TagReviewModel::requestApply);
    connect(&model_, &TagReviewModel::labelScoresChanged, this, [this] {
        updateLabel();
        updateButtons();
    });
    connect(&model_, &TagReviewModel::cutOffChanged, this, &ThresholdPanel::showCutOff);
    connect(&model_, &TagReviewModel::selectedTagChanged, this, &ThresholdPanel::updateLabel);
    connect(&model_, &TagReviewModel::busyChanged, this, &ThresholdPanel::updateButtons);
    retranslateUi();
    updateButtons();
}

float ThresholdPanel::cutOffAt(int step) const {
    const LabelScores* scores = model_.labelScores();
    if (!scores || scores->photos.empty()) return 0;
    const float high = scores->photos.front().score, low = scores->photos.back().score;
    if (step >= kSliderSteps) return high;  // exactly, so that the best photo always passes
    return low + (high - low) * float(step) / float(kSliderSteps);
}

int ThresholdPanel::stepOf(float cutOff) const {
    const LabelScores* scores = model_.labelScores();
    if (!scores || scores->photos.empty()) return 0;
    const float high = scores->photos.front().score, low = scores->photos.back().score;
    const int step = high > low ? int(std::floor((cutOff - low) / (high - low) * kSliderSteps)) : 0;
    return std::clamp(step, 0, kSliderSteps);
}

void ThresholdPanel::onSliderMoved(int step) {
    sliding_ = true;
    model_.setCutOff(cutOffAt(step));
    sliding_ = false;
}

void ThresholdPanel::showCutOff() {
    if (!sliding_) {
        const QSignalBlocker blocker(slider_);
        slider_->setValue(stepOf(model_.cutOff()));
    }
    updateLabel();
}

void ThresholdPanel::updateLabel() {
    if (!model_.labelScores()) {
        label_->setText(model_.selectedTag().isEmpty() ? QString() : tr("scoring…"));
        return;
    }
    label_->setText(tr("cosine ≥ %1: %2 of %3 photos")
                        .arg(QString::number(model_.cutOff(), 'f', 3))
                        .arg(model_.passingCount())
                        .arg(model_.scoredCount()));
}

void ThresholdPanel::updateButtons() {
    const bool scored = model_.labelScores() != nullptr;
    slider_->setEnabled(scored);
    applyButton_->setEnabled(scored && !model_.isBusy());
}

void ThresholdPanel::retranslateUi() {
    heading_->setText(tr("Threshold:"));
    slider_->setToolTip(tr("Preview which photos of the checked folders the selected label would tag at "
                           "this cosine cut-off"));
    applyButton_->setText(tr("Apply"));
    applyButton_->setToolTip(tr("Tag exactly the photos shown at this threshold (your accepted and rejected tags "
                                "stay as they are)"));
    updateLabel();
}

void ThresholdPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

}  // namespace clipdesk::ui
