#pragma once
// Settings page: the model (folder or weights file; none = the bundled clipdesk-mini),
// compute threads, where the library lives, and the language. Changes apply at once and are
// saved with QSettings. "Known models" lists the catalogue of official checkpoints: download
// one (with progress and Cancel, on a worker thread) and use it as the model.

#include "widgets/message_label.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QProgressBar;
class QTreeWidget;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace clipdesk {
struct ModelCatalogue;
struct JobProgress;
}

namespace clipdesk::ui {

class AppSettings;
class ModelDownloadJob;
struct ModelDownloadOutcome;

class SettingsPage : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPage(AppSettings& settings, QWidget* parent = nullptr);

    QComboBox* languageCombo() const { return languageCombo_; }
    // Selects a language by code ("" = system) as if the user had picked it.
    void chooseLanguage(const QString& code);

    QTreeWidget* catalogueList() const { return catalogueList_; }
    QPushButton* downloadButton() const { return downloadButton_; }
    QPushButton* cancelDownloadButton() const { return cancelDownloadButton_; }
    QPushButton* useModelButton() const { return useModelButton_; }
    QLabel* downloadStatus() const { return downloadStatus_; }
    ModelDownloadJob* downloadJob() const { return downloadJob_; }
    // Reads the catalogue again ($CLIPDESK_MODEL_CATALOGUE or the installed one) and refreshes the list.
    void reloadCatalogue();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void loadValues();
    void applyModelPath();
    void applyLibraryDir();
    void updateModelDescription();
    void fillCatalogueList();
    void updateCatalogueButtons();
    QString selectedModelId() const;
    void startDownload();
    void useSelectedModel();
    void onDownloadProgress(const clipdesk::JobProgress& progress);
    void onDownloadFinished(const ModelDownloadOutcome& outcome);

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
    QCheckBox* watchFolders_;

    QGroupBox* catalogueBox_;
    QTreeWidget* catalogueList_;
    QPushButton* downloadButton_;
    QPushButton* cancelDownloadButton_;
    QPushButton* useModelButton_;
    QProgressBar* downloadProgress_;
    MessageLabel* downloadStatus_;
    ModelDownloadJob* downloadJob_;
    std::shared_ptr<const ModelCatalogue> catalogue_;
    QString catalogueFile_;
    QString catalogueError_;
    QString modelsDir_;
};

}  // namespace clipdesk::ui
