#include "pages/settings_page.h"

#include "settings/app_settings.h"
#include "settings/language_switcher.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace clipdesk::ui {

SettingsPage::SettingsPage(AppSettings& settings, QWidget* parent) : QWidget(parent), settings_(settings) {
    setObjectName("settingsPage");
    modelEdit_ = new QLineEdit(this);
    modelEdit_->setObjectName("modelPathEdit");
    modelFolderButton_ = new QPushButton(this);
    modelFileButton_ = new QPushButton(this);
    bundledButton_ = new QPushButton(this);
    modelDescription_ = new QLabel(this);
    modelDescription_->setObjectName("modelDescription");
    modelDescription_->setWordWrap(true);
    modelDescription_->setTextFormat(Qt::RichText);
    threads_ = new QSpinBox(this);
    threads_->setRange(0, 1024);
    libraryEdit_ = new QLineEdit(this);
    libraryEdit_->setObjectName("libraryDirEdit");
    libraryButton_ = new QPushButton(this);
    languageCombo_ = new QComboBox(this);
    languageCombo_->setObjectName("languageCombo");
    languageCombo_->addItem(QString(), QString());
    for (const auto& [code, name] : LanguageSwitcher::availableLanguages()) languageCombo_->addItem(name, code);
    languageNote_ = new QLabel(this);

    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(modelEdit_, 1);
    modelRow->addWidget(modelFolderButton_);
    modelRow->addWidget(modelFileButton_);
    modelRow->addWidget(bundledButton_);
    auto* libraryRow = new QHBoxLayout;
    libraryRow->addWidget(libraryEdit_, 1);
    libraryRow->addWidget(libraryButton_);

    form_ = new QFormLayout;
    form_->addRow(new QLabel(this), modelRow);
    form_->addRow(new QLabel(this), modelDescription_);
    form_->addRow(new QLabel(this), threads_);
    form_->addRow(new QLabel(this), libraryRow);
    form_->addRow(new QLabel(this), languageCombo_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form_);
    layout->addStretch();

    connect(modelEdit_, &QLineEdit::editingFinished, this, &SettingsPage::applyModelPath);
    connect(modelFolderButton_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("CLIP model folder"), modelEdit_->text());
        if (dir.isEmpty()) return;
        modelEdit_->setText(dir);
        applyModelPath();
    });
    connect(modelFileButton_, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CLIP weights file"), modelEdit_->text(),
                                                          tr("CLIP weights (*.safetensors *.pt)"));
        if (file.isEmpty()) return;
        modelEdit_->setText(file);
        applyModelPath();
    });
    connect(bundledButton_, &QPushButton::clicked, this, [this] {
        modelEdit_->clear();
        applyModelPath();
    });
    connect(threads_, &QSpinBox::valueChanged, &settings_, &AppSettings::setThreads);
    connect(libraryEdit_, &QLineEdit::editingFinished, this, &SettingsPage::applyLibraryDir);
    connect(libraryButton_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Library folder"), libraryEdit_->text());
        if (dir.isEmpty()) return;
        libraryEdit_->setText(dir);
        applyLibraryDir();
    });
    connect(languageCombo_, &QComboBox::currentIndexChanged, this,
            [this](int index) { settings_.setLanguage(languageCombo_->itemData(index).toString()); });
    connect(&settings_, &AppSettings::modelChanged, this, &SettingsPage::loadValues);

    loadValues();
    retranslateUi();
}

void SettingsPage::loadValues() {
    modelEdit_->setText(settings_.configuredModelPath());
    threads_->setValue(settings_.threads());
    libraryEdit_->setText(settings_.libraryDir());
    const int index = languageCombo_->findData(settings_.language());
    languageCombo_->setCurrentIndex(index >= 0 ? index : 0);
    updateModelDescription();
}

void SettingsPage::chooseLanguage(const QString& code) {
    const int index = languageCombo_->findData(code);
    if (index >= 0) languageCombo_->setCurrentIndex(index);
}

void SettingsPage::retranslateUi() {
    auto label = [this](int row, const QString& text) {
        if (auto* item = form_->itemAt(row, QFormLayout::LabelRole); item && item->widget())
            static_cast<QLabel*>(item->widget())->setText(text);
    };
    label(0, tr("Model:"));
    label(2, tr("Compute threads:"));
    label(3, tr("Library location:"));
    label(4, tr("Language:"));
    modelEdit_->setPlaceholderText(tr("(none: the bundled clipdesk-mini)"));
    modelEdit_->setToolTip(tr("A CLIP model folder (model.safetensors + config.json, Hugging Face or open_clip layout) "
                              "or a weights file (.safetensors, OpenAI .pt)."));
    modelFolderButton_->setText(tr("Folder…"));
    modelFileButton_->setText(tr("File…"));
    bundledButton_->setText(tr("Use bundled model"));
    threads_->setSpecialValueText(tr("All cores (%1)").arg(QThread::idealThreadCount()));
    threads_->setToolTip(tr("Threads for encoding photos and training; 0 uses every core."));
    libraryEdit_->setToolTip(tr("The folder that holds the library's database and index (not your photos)."));
    libraryButton_->setText(tr("Browse…"));
    languageCombo_->setItemText(0, tr("System default"));
    updateModelDescription();
}

void SettingsPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void SettingsPage::applyModelPath() {
    settings_.setConfiguredModelPath(modelEdit_->text().trimmed());
    updateModelDescription();
}

void SettingsPage::applyLibraryDir() {
    const QString dir = libraryEdit_->text().trimmed();
    settings_.setLibraryDir(dir.isEmpty() ? AppSettings::defaultLibraryDir() : dir);
    libraryEdit_->setText(settings_.libraryDir());
}

void SettingsPage::updateModelDescription() {
    const QString effective = settings_.effectiveModelPath();
    if (settings_.usesBundledModel()) {
        modelDescription_->setText(
            tr("Using the bundled <b>clipdesk-mini</b> (%1): a 0.67M-parameter CLIP trained only on Fashion-MNIST "
               "clothing images. It tells clothing categories apart (T-shirt, trousers, pullover, dress, coat, sandal, "
               "shirt, sneaker, bag, ankle boot) but does not understand general photos. To install a real checkpoint, "
               "download a CLIP model folder (e.g. <tt>openai/clip-vit-base-patch32</tt> from Hugging Face, or an "
               "open_clip <tt>.safetensors</tt>) and choose it above.")
                .arg(QDir::toNativeSeparators(effective)));
    } else if (effective.isEmpty()) {
        modelDescription_->setText(tr("No model is available. Choose a CLIP model folder or weights file."));
    } else {
        modelDescription_->setText(tr("Using %1.").arg(QDir::toNativeSeparators(effective)));
    }
}

}  // namespace clipdesk::ui
