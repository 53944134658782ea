#include "pages/tags/vocabulary_panel.h"

#include "models/tag_review_model.h"
#include "services/prompt_files.h"
#include "widgets/prompt_file_editor.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace clipdesk::ui {

VocabularyPanel::VocabularyPanel(TagReviewModel& model, QWidget* parent) : QGroupBox(parent), model_(model) {
    vocabularyCombo_ = new QComboBox(this);
    vocabularyCombo_->setObjectName("vocabularyCombo");
    vocabularyOpenButton_ = new QPushButton(this);
    templatesCombo_ = new QComboBox(this);
    templatesCombo_->setObjectName("templatesCombo");
    templatesOpenButton_ = new QPushButton(this);
    editorTabs_ = new QTabWidget(this);
    labelsEditor_ = new PromptFileEditor(PromptKind::Labels, editorTabs_);
    labelsEditor_->setObjectName("labelsEditor");
    templatesEditor_ = new PromptFileEditor(PromptKind::Templates, editorTabs_);
    templatesEditor_->setObjectName("templatesEditor");
    editorTabs_->addTab(labelsEditor_, QString());
    editorTabs_->addTab(templatesEditor_, QString());
    editorTabs_->setMinimumHeight(200);
    auto* vocabularyRow = new QHBoxLayout;
    vocabularyRow->addWidget(vocabularyCombo_, 1);
    vocabularyRow->addWidget(vocabularyOpenButton_);
    auto* templatesRow = new QHBoxLayout;
    templatesRow->addWidget(templatesCombo_, 1);
    templatesRow->addWidget(templatesOpenButton_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(vocabularyRow);
    layout->addLayout(templatesRow);
    layout->addWidget(editorTabs_, 1);
    for (QComboBox* combo : {vocabularyCombo_, templatesCombo_}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(12);
    }

    for (const QString& name : builtinPromptNames(PromptKind::Labels)) vocabularyCombo_->addItem(QString(), name);
    for (const QString& name : builtinPromptNames(PromptKind::Templates)) templatesCombo_->addItem(name, name);
    const int imagenet = templatesCombo_->findData("imagenet80");
    templatesCombo_->setCurrentIndex(imagenet >= 0 ? imagenet : 0);
    labelsEditor_->open(labels());
    templatesEditor_->open(templates());
    tellModel();

    connect(vocabularyOpenButton_, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Label vocabulary"), QString(),
                                                          tr("Text files (*.txt);;All files (*)"));
        if (!file.isEmpty()) useVocabulary(file);
    });
    connect(templatesOpenButton_, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Template set"), QString(),
                                                          tr("Text files (*.txt);;All files (*)"));
        if (!file.isEmpty()) useTemplates(file);
    });
    connect(vocabularyCombo_, &QComboBox::currentIndexChanged, this, [this] {
        labelsEditor_->open(labels());
        tellModel();
    });
    connect(templatesCombo_, &QComboBox::currentIndexChanged, this, [this] {
        templatesEditor_->open(templates());
        tellModel();
    });
    connect(labelsEditor_, &PromptFileEditor::saved, this, &VocabularyPanel::useVocabulary);
    connect(templatesEditor_, &PromptFileEditor::saved, this, &VocabularyPanel::useTemplates);
    retranslateUi();
}

QString VocabularyPanel::labels() const { return vocabularyCombo_->currentData().toString(); }
QString VocabularyPanel::templates() const { return templatesCombo_->currentData().toString(); }

void VocabularyPanel::useVocabulary(const QString& nameOrPath) { use(vocabularyCombo_, labelsEditor_, nameOrPath); }
void VocabularyPanel::useTemplates(const QString& nameOrPath) { use(templatesCombo_, templatesEditor_, nameOrPath); }

void VocabularyPanel::use(QComboBox* combo, PromptFileEditor* editor, const QString& nameOrPath) {
    int index = combo->findData(nameOrPath);
    if (index < 0) {
        combo->addItem(QDir::toNativeSeparators(nameOrPath), nameOrPath);
        index = combo->count() - 1;
    }
    if (combo->currentIndex() == index) editor->open(nameOrPath);
    else combo->setCurrentIndex(index);
    tellModel();
}

QString VocabularyPanel::saveEdits() {
    for (PromptFileEditor* editor : {labelsEditor_, templatesEditor_})
        if (editor->isModified() && editor->save().isEmpty()) return editor->lastError();
    return {};
}

void VocabularyPanel::tellModel() { model_.setPrompts(labels(), templates()); }

void VocabularyPanel::retranslateUi() {
    setTitle(tr("Vocabulary and templates"));
    vocabularyCombo_->setToolTip(tr("The labels to tag with"));
    for (int i = 0; i < vocabularyCombo_->count(); ++i) {
        const QString file = vocabularyCombo_->itemData(i).toString();
        vocabularyCombo_->setItemText(i, file == "builtin" ? tr("Built-in everyday vocabulary")
                                                           : QDir::toNativeSeparators(file));
    }
    vocabularyOpenButton_->setText(tr("Open…"));
    templatesCombo_->setToolTip(tr("The prompts each label is put into: imagenet80 (CLIP's 80 ImageNet templates), "
                                   "short7 (7 of them), single (\"a photo of a {}.\"), or a file"));
    templatesOpenButton_->setText(tr("Open…"));
    editorTabs_->setTabText(0, tr("Labels"));
    editorTabs_->setTabText(1, tr("Templates"));
}

void VocabularyPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QGroupBox::changeEvent(event);
}

}  // namespace clipdesk::ui
