#pragma once
// Settings page: the model (folder or weights file; none = the bundled clipdesk-mini),
// compute threads, where the library lives, and the language. Changes apply at once and are
// saved with QSettings.

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace clipdesk::ui {

class AppSettings;

class SettingsPage : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPage(AppSettings& settings, QWidget* parent = nullptr);

    QComboBox* languageCombo() const { return languageCombo_; }
    // Selects a language by code ("" = system) as if the user had picked it.
    void chooseLanguage(const QString& code);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void loadValues();
    void applyModelPath();
    void applyLibraryDir();
    void updateModelDescription();

    AppSettings& settings_;
    QFormLayout* form_;
    QLineEdit* modelEdit_;
    QPushButton* modelFolderButton_;
    QPushButton* modelFileButton_;
    QPushButton* bundledButton_;
    QLabel* modelDescription_;
    QSpinBox* threads_;
    QLineEdit* libraryEdit_;
    QPushButton* libraryButton_;
    QComboBox* languageCombo_;
    QLabel* languageNote_;
};

}  // namespace clipdesk::ui
