#pragma once
// The Tags page's "Vocabulary and templates" box: the label vocabulary and template set
// (built-in or a user file, chosen in a list or opened), each edited in place. The model
// learns the chosen files as they change.

#include <QGroupBox>

class QComboBox;
class QPushButton;
class QTabWidget;

namespace clipdesk::ui {

class PromptFileEditor;
class TagReviewModel;

class VocabularyPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit VocabularyPanel(TagReviewModel& model, QWidget* parent = nullptr);

    QString labels() const;     // "builtin" or a file
    QString templates() const;  // a built-in set's name or a file
    PromptFileEditor* labelsEditor() const { return labelsEditor_; }
    PromptFileEditor* templatesEditor() const { return templatesEditor_; }

    // Adds a vocabulary / template file to its list and selects it.
    void useVocabulary(const QString& nameOrPath);
    void useTemplates(const QString& nameOrPath);
    // Saves (and checks) unsaved edits, which are what the user means to run with; the
    // editor's message when they are invalid, else an empty string.
    QString saveEdits();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void use(QComboBox* combo, PromptFileEditor* editor, const QString& nameOrPath);
    void tellModel();

    TagReviewModel& model_;
    QComboBox* vocabularyCombo_;
    QPushButton* vocabularyOpenButton_;
    QComboBox* templatesCombo_;
    QPushButton* templatesOpenButton_;
    QTabWidget* editorTabs_;
    PromptFileEditor* labelsEditor_;
    PromptFileEditor* templatesEditor_;
};

}  // namespace clipdesk::ui
