#pragma once
// The Tags page's "Tag by example" box: the photos selected in the review grid are marked
// as examples or counter-examples, and Learn tag trains a probe on them and tags the scope.

#include <QGroupBox>

class QLabel;
class QLineEdit;
class QPushButton;

namespace clipdesk::ui {

class TagReviewModel;
class TagReviewPanel;

class FewShotPanel : public QGroupBox {
    Q_OBJECT
public:
    FewShotPanel(TagReviewModel& model, const TagReviewPanel& review, QWidget* parent = nullptr);

    QLineEdit* tagEdit() const { return tagEdit_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateButtons();

    TagReviewModel& model_;
    const TagReviewPanel& review_;
    QLineEdit* tagEdit_;
    QPushButton* markExamplesButton_;
    QPushButton* markCounterButton_;
    QPushButton* clearButton_;
    QPushButton* learnButton_;
    QLabel* examplesLabel_;
};

}  // namespace clipdesk::ui
