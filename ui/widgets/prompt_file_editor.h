#pragma once
// A label vocabulary or template set, edited in place: the file's lines in a text editor,
// Save checks them with the tagging core first (errors shown with their file and line, nothing
// written), and a built-in file is saved as a user copy under <AppDataLocation>/prompts/.

#include "services/prompt_files.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace clipdesk::ui {

class PromptFileEditor : public QWidget {
    Q_OBJECT
public:
    explicit PromptFileEditor(PromptKind kind, QWidget* parent = nullptr);

    // Shows the file behind `nameOrPath` (a built-in name or a path).
    void open(const QString& nameOrPath);
    QString current() const { return current_; }
    QPlainTextEdit* editor() const { return editor_; }
    bool isModified() const;
    // The last check's message; empty when the text was valid.
    QString lastError() const { return lastError_; }

public Q_SLOTS:
    // Checks the text and writes it (a built-in one to its user copy); returns the file written,
    // or an empty string when the text is invalid or cannot be written (the message is shown).
    QString save();

Q_SIGNALS:
    void saved(const QString& path);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    QString targetPath() const;
    void showError(const QString& message);

    PromptKind kind_;
    QString current_;
    QLabel* fileLabel_;
    QPlainTextEdit* editor_;
    QLabel* errorLabel_;
    QPushButton* saveButton_;
    QString lastError_;
};

}  // namespace clipdesk::ui
