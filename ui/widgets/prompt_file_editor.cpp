#include "widgets/prompt_file_editor.h"

#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

namespace clipdesk::ui {

PromptFileEditor::PromptFileEditor(PromptKind kind, QWidget* parent) : QWidget(parent), kind_(kind) {
    fileLabel_ = new QLabel(this);
    fileLabel_->setObjectName("promptFileLabel");
    fileLabel_->setWordWrap(true);
    fileLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    editor_ = new QPlainTextEdit(this);
    editor_->setObjectName(kind == PromptKind::Labels ? "labelsEditor" : "templatesEditor");
    editor_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor_->setLineWrapMode(QPlainTextEdit::NoWrap);
    errorLabel_ = new QLabel(this);
    errorLabel_->setObjectName("promptError");
    errorLabel_->setWordWrap(true);
    errorLabel_->setStyleSheet("QLabel { color: #b00020; }");
    errorLabel_->hide();
    saveButton_ = new QPushButton(this);
    saveButton_->setObjectName("savePromptButton");
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(fileLabel_, 1);
    buttons->addWidget(saveButton_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(editor_, 1);
    layout->addWidget(errorLabel_);
    connect(saveButton_, &QPushButton::clicked, this, &PromptFileEditor::save);
    retranslateUi();
}

void PromptFileEditor::retranslateUi() {
    saveButton_->setText(tr("Save"));
    saveButton_->setToolTip(kind_ == PromptKind::Labels
                                ? tr("Check and save the vocabulary: one label per line, \"label: synonym, synonym\"; "
                                     "# starts a comment. The built-in vocabulary is saved as your own copy.")
                                : tr("Check and save the templates: one per line, {} where the label goes; # starts "
                                     "a comment. A built-in set is saved as your own copy."));
    const bool builtin = builtinPromptNames(kind_).contains(current_);
    fileLabel_->setText(builtin ? tr("Built-in: %1 (saving makes your own copy)")
                                      .arg(QDir::toNativeSeparators(builtinPromptPath(kind_, current_)))
                                : QDir::toNativeSeparators(current_));
}

void PromptFileEditor::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

bool PromptFileEditor::isModified() const { return editor_->document()->isModified(); }

void PromptFileEditor::open(const QString& nameOrPath) {
    current_ = nameOrPath;
    const bool builtin = builtinPromptNames(kind_).contains(nameOrPath);
    QFile file(builtin ? builtinPromptPath(kind_, nameOrPath) : nameOrPath);
    // A prompt file is a few kilobytes: reading it here does not hold up the window.
    if (file.open(QIODevice::ReadOnly)) {
        editor_->setPlainText(QString::fromUtf8(file.readAll()));
        showError({});
    } else {
        editor_->clear();
        showError(tr("%1: %2").arg(QDir::toNativeSeparators(file.fileName()), file.errorString()));
    }
    editor_->document()->setModified(false);
    retranslateUi();
}

QString PromptFileEditor::targetPath() const {
    return builtinPromptNames(kind_).contains(current_) ? userCopyPath(kind_, current_) : current_;
}

void PromptFileEditor::showError(const QString& message) {
    lastError_ = message;
    errorLabel_->setText(message);
    errorLabel_->setVisible(!message.isEmpty());
}

QString PromptFileEditor::save() {
    const QString target = targetPath();
    const QString problem = checkPromptText(kind_, editor_->toPlainText(), target);
    if (!problem.isEmpty()) {
        showError(problem);
        return {};
    }
    QDir().mkpath(QFileInfo(target).absolutePath());
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly) || file.write(editor_->toPlainText().toUtf8()) < 0 || !file.commit()) {
        showError(tr("%1: cannot save (%2)").arg(QDir::toNativeSeparators(target), file.errorString()));
        return {};
    }
    showError({});
    editor_->document()->setModified(false);
    current_ = target;
    retranslateUi();
    Q_EMIT saved(target);
    return target;
}

}  // namespace clipdesk::ui
