#pragma once
// The Tags page's threshold row: a slider over the selected label's cosine range in the
// scope that previews, live, which photos pass the cut-off, and Apply, which writes the
// label's automatic tags at it (the worker keeps the scores; only the cut-off goes back).

#include <QWidget>

class QLabel;
class QPushButton;
class QSlider;

namespace clipdesk::ui {

class TagReviewModel;

class ThresholdPanel : public QWidget {
    Q_OBJECT
public:
    explicit ThresholdPanel(TagReviewModel& model, QWidget* parent = nullptr);

    QSlider* slider() const { return slider_; }
    QLabel* label() const { return label_; }
    QPushButton* applyButton() const { return applyButton_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    float cutOffAt(int step) const;
    int stepOf(float cutOff) const;
    void onSliderMoved(int step);
    void showCutOff();
    void updateLabel();
    void updateButtons();

    TagReviewModel& model_;
    QLabel* heading_;
    QSlider* slider_;
    QLabel* label_;
    QPushButton* applyButton_;
    bool sliding_ = false;  // the model's cut-off follows the slider, not the other way round
};

}  // namespace clipdesk::ui
