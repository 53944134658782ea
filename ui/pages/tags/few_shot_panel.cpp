#include "pages/tags/few_shot_panel.h"

#include "models/tag_review_model.h"
#include "pages/tags/tag_review_panel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace clipdesk::ui {

FewShotPanel::FewShotPanel(TagReviewModel& model, const TagReviewPanel& review, QWidget* parent)
    : QGroupBox(parent), model_(model), review_(review) {
    tagEdit_ = new QLineEdit(this);
    tagEdit_->setObjectName("fewShotTagEdit");
    markExamplesButton_ = new QPushButton(this);
    markExamplesButton_->setObjectName("markExamplesButton");
    markCounterButton_ = new QPushButton(this);
    markCounterButton_->setObjectName("markCounterExamplesButton");
    clearButton_ = new QPushButton(this);
    learnButton_ = new QPushButton(this);
    learnButton_->setObjectName("learnTagButton");
    examplesLabel_ = new QLabel(this);
    auto* markRow = new QHBoxLayout;
    markRow->addWidget(markExamplesButton_);
    markRow->addWidget(markCounterButton_);
    markRow->addWidget(clearButton_);
    markRow->addWidget(examplesLabel_, 1);
    auto* learnRow = new QHBoxLayout;
    learnRow->addWidget(tagEdit_, 1);
    learnRow->addWidget(learnButton_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(markRow);
    layout->addLayout(learnRow);

    connect(markExamplesButton_, &QPushButton::clicked, this,
            [this] { model_.requestMarkExamples(review_.selectedPhotoIds()); });
    connect(markCounterButton_, &QPushButton::clicked, this,
            [this] { model_.requestMarkCounterExamples(review_.selectedPhotoIds()); });
    connect(clearButton_, &QPushButton::clicked, &model_, &TagReviewModel::clearExamples);
    connect(learnButton_, &QPushButton::clicked, this, [this] { model_.requestLearnTag(tagEdit_->text()); });
    connect(&review_, &TagReviewPanel::selectionChanged, this, &FewShotPanel::updateButtons);
    connect(&model_, &TagReviewModel::busyChanged, this, &FewShotPanel::updateButtons);
    connect(&model_, &TagReviewModel::examplesChanged, this, [this] {
        retranslateUi();
        updateButtons();
    });
    connect(&model_, &TagReviewModel::selectedTagChanged, this, [this](const QString& tag) {
        if (!tag.isEmpty() && tagEdit_->text().trimmed().isEmpty()) tagEdit_->setText(tag);
    });
    retranslateUi();
    updateButtons();
}

void FewShotPanel::updateButtons() {
    const bool selection = review_.hasSelection();
    markExamplesButton_->setEnabled(selection);
    markCounterButton_->setEnabled(selection);
    learnButton_->setEnabled(!model_.isBusy() && !model_.examples().isEmpty());
}

void FewShotPanel::retranslateUi() {
    setTitle(tr("Tag by example"));
    tagEdit_->setPlaceholderText(tr("Tag to learn"));
    markExamplesButton_->setText(tr("Mark as examples"));
    markCounterButton_->setText(tr("Mark as counter-examples"));
    clearButton_->setText(tr("Clear"));
    learnButton_->setText(tr("Learn tag"));
    learnButton_->setToolTip(tr("Learn the tag from the marked photos and tag the checked folders with it"));
    examplesLabel_->setText(tr("%n example(s)", nullptr, int(model_.examples().size())) + QStringLiteral(", ") +
                            tr("%n counter-example(s)", nullptr, int(model_.counterExamples().size())));
}

void FewShotPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QGroupBox::changeEvent(event);
}

}  // namespace clipdesk::ui
