#include "pages/tags_page.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace clipdesk::ui {

TagsPage::TagsPage(QWidget* parent) : QWidget(parent) {
    setObjectName("tagsPage");
    label_ = new QLabel(this);
    label_->setWordWrap(true);
    label_->setAlignment(Qt::AlignCenter);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(label_);
    retranslateUi();
}

void TagsPage::retranslateUi() {
    label_->setText(tr("Tagging whole folders with zero-shot labels is not available in this version yet.\n"
                       "It will appear on this page in a coming release."));
}

void TagsPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

}  // namespace clipdesk::ui
