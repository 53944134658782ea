#include "pages/settings_page.h"

#include "catalogue/catalogue_location.h"
#include "catalogue/mirror_url.h"
#include "catalogue/model_catalogue.h"
#include "catalogue/model_store.h"
#include "application/query_languages.h"
#include "jobs/model_download_job.h"
#include "settings/app_settings.h"
#include "settings/language_switcher.h"
#include "text/language_names.h"
#include "widgets/message_label.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QProgressBar>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QTreeWidget>
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
    watchFolders_ = new QCheckBox(this);
    watchFolders_->setObjectName("watchFoldersCheck");

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
    form_->addRow(new QLabel(this), watchFolders_);
    catalogueBox_ = new QGroupBox(this);
    catalogueList_ = new QTreeWidget(catalogueBox_);
    catalogueList_->setObjectName("catalogueList");
    catalogueList_->setColumnCount(4);
    catalogueList_->setRootIsDecorated(false);
    catalogueList_->setSelectionMode(QAbstractItemView::SingleSelection);
    catalogueList_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    catalogueList_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    catalogueList_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    catalogueList_->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    downloadButton_ = new QPushButton(catalogueBox_);
    downloadButton_->setObjectName("downloadModelButton");
    cancelDownloadButton_ = new QPushButton(catalogueBox_);
    cancelDownloadButton_->setObjectName("cancelDownloadButton");
    useModelButton_ = new QPushButton(catalogueBox_);
    useModelButton_->setObjectName("useCatalogueModelButton");
    downloadProgress_ = new QProgressBar(catalogueBox_);
    downloadProgress_->setVisible(false);
    downloadStatus_ = new MessageLabel(catalogueBox_);
    downloadStatus_->setObjectName("downloadStatus");
    downloadStatus_->setWordWrap(true);
    downloadStatus_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    downloadJob_ = new ModelDownloadJob(this);
    auto* catalogueButtons = new QHBoxLayout;
    catalogueButtons->addWidget(downloadButton_);
    catalogueButtons->addWidget(cancelDownloadButton_);
    catalogueButtons->addWidget(useModelButton_);
    catalogueButtons->addStretch();
    auto* catalogueLayout = new QVBoxLayout(catalogueBox_);
    catalogueLayout->addWidget(catalogueList_, 1);
    catalogueLayout->addLayout(catalogueButtons);
    catalogueLayout->addWidget(downloadProgress_);
    catalogueLayout->addWidget(downloadStatus_);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form_);
    layout->addWidget(catalogueBox_, 1);

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
    connect(watchFolders_, &QCheckBox::toggled, &settings_, &AppSettings::setWatchFolders);
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
    connect(catalogueList_, &QTreeWidget::itemSelectionChanged, this, &SettingsPage::updateCatalogueButtons);
    connect(downloadButton_, &QPushButton::clicked, this, &SettingsPage::startDownload);
    connect(cancelDownloadButton_, &QPushButton::clicked, downloadJob_, &ModelDownloadJob::cancel);
    connect(useModelButton_, &QPushButton::clicked, this, &SettingsPage::useSelectedModel);
    connect(downloadJob_, &ModelDownloadJob::progressChanged, this, &SettingsPage::onDownloadProgress);
    connect(downloadJob_, &ModelDownloadJob::finished, this, &SettingsPage::onDownloadFinished);

    loadValues();
    reloadCatalogue();
    retranslateUi();
}

void SettingsPage::reloadCatalogue() {
    catalogue_.reset();
    catalogueError_.clear();
    try {
        modelsDir_ = QString::fromStdString(defaultModelsDir().string());
        const auto file = defaultCatalogueFile();
        catalogueFile_ = QString::fromStdString(file.string());
        catalogue_ = std::make_shared<const ModelCatalogue>(loadCatalogue(file));
    } catch (const std::exception& e) {
        catalogueError_ = QString::fromStdString(e.what());
    }
    fillCatalogueList();
}

void SettingsPage::fillCatalogueList() {
    const QString selected = selectedModelId();
    catalogueList_->clear();
    if (catalogue_) {
        const ModelStore store(modelsDir_.toStdString());
        for (const auto& e : catalogue_->entries) {
            auto* item = new QTreeWidgetItem(catalogueList_);
            const auto size = e.totalSize();
            const bool installed = e.supported && store.isInstalled(e);
            item->setText(0, QString::fromStdString(e.name));
            item->setText(1, size ? QLocale().formattedDataSize(static_cast<qint64>(*size)) : tr("unknown"));
            item->setText(2, !e.supported ? tr("Not supported") : installed ? tr("Installed") : tr("Not installed"));
            item->setText(3, languageNames(e.languages));
            item->setData(0, Qt::UserRole, QString::fromStdString(e.id));
            item->setData(0, Qt::UserRole + 1, installed);
            item->setData(0, Qt::UserRole + 2, e.supported);
            QString tip = tr("%1\nLicence: %2\nFolder: %3")
                              .arg(QString::fromStdString(e.description), QString::fromStdString(e.licence),
                                   QDir::toNativeSeparators(QString::fromStdString(store.modelDir(e.id).string())));
            if (!size) tip += QLatin1Char('\n') + tr("Size not published: the download is checked against its SHA-256 only.");
            for (int c = 0; c < catalogueList_->columnCount(); ++c) item->setToolTip(c, tip);
            if (QString::fromStdString(e.id) == selected) item->setSelected(true);
        }
    }
    updateCatalogueButtons();
}

QString SettingsPage::selectedModelId() const {
    const auto items = catalogueList_->selectedItems();
    return items.isEmpty() ? QString() : items.first()->data(0, Qt::UserRole).toString();
}

void SettingsPage::updateCatalogueButtons() {
    const auto items = catalogueList_->selectedItems();
    const bool running = downloadJob_->isRunning();
    const bool supported = !items.isEmpty() && items.first()->data(0, Qt::UserRole + 2).toBool();
    const bool installed = !items.isEmpty() && items.first()->data(0, Qt::UserRole + 1).toBool();
    downloadButton_->setEnabled(supported && !running);
    cancelDownloadButton_->setEnabled(running);
    useModelButton_->setEnabled(installed && !running);
    if (!catalogueError_.isEmpty())
        downloadStatus_->showMessage(translatable([error = catalogueError_] {
            return tr("The model catalogue could not be read: %1").arg(error);
        }));
}

void SettingsPage::startDownload() {
    const QString id = selectedModelId();
    if (id.isEmpty() || !catalogue_) return;
    ModelDownloadRequest request;
    request.catalogueFile = catalogueFile_;
    request.modelId = id;
    request.modelsDir = modelsDir_;
    request.mirror = QString::fromStdString(mirrorFromEnvironment());
    if (!downloadJob_->start(request)) return;
    downloadProgress_->setRange(0, 0);
    downloadProgress_->setVisible(true);
    downloadStatus_->showMessage(translatable([] { return tr("Starting the download…"); }));
    updateCatalogueButtons();
}

void SettingsPage::onDownloadProgress(const JobProgress& status) {
    if (status.total > 0) {
        downloadProgress_->setRange(0, 1000);
        downloadProgress_->setValue(static_cast<int>(1000.0 * status.done / status.total));
    }
    downloadStatus_->showMessage(translatable([status] {
        const QLocale locale;
        return tr("Downloading %1 (file %2 of %3): %4 of %5, %6/s")
            .arg(QString::fromStdString(status.item))
            .arg(status.part + 1)
            .arg(status.parts)
            .arg(locale.formattedDataSize(status.done),
                 status.total > 0 ? locale.formattedDataSize(status.total) : tr("unknown size"),
                 locale.formattedDataSize(static_cast<qint64>(status.perSecond)));
    }));
}

void SettingsPage::onDownloadFinished(const ModelDownloadOutcome& outcome) {
    downloadProgress_->setVisible(false);
    downloadStatus_->showMessage(translatable([error = outcome.error, cancelled = outcome.cancelled,
                                               path = QDir::toNativeSeparators(outcome.path)] {
        if (!error.isEmpty()) return tr("Download failed: %1").arg(error);
        if (cancelled) return tr("Download cancelled. The partial files are kept; Download resumes them.");
        return tr("Installed and verified in %1.").arg(path);
    }));
    fillCatalogueList();
}

void SettingsPage::useSelectedModel() {
    const QString id = selectedModelId();
    if (id.isEmpty()) return;
    const QString path = QDir(modelsDir_).filePath(id);
    modelEdit_->setText(path);
    applyModelPath();
}

void SettingsPage::loadValues() {
    modelEdit_->setText(settings_.configuredModelPath());
    threads_->setValue(settings_.threads());
    libraryEdit_->setText(settings_.libraryDir());
    watchFolders_->setChecked(settings_.watchFolders());
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
    label(5, tr("Watched folders:"));
    watchFolders_->setText(tr("Index new, changed, moved and deleted photos in the background while Clipdesk is open"));
    watchFolders_->setToolTip(tr("Watches the library's folders and indexes changes a few seconds after they settle. "
                                 "The Library page shows what is watched."));
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
    catalogueBox_->setTitle(tr("Known models"));
    catalogueList_->setHeaderLabels({tr("Model"), tr("Size"), tr("Status"), tr("Query languages")});
    catalogueList_->setToolTip(tr("Official CLIP checkpoints. Each file is checked against its published SHA-256 "
                                  "before the model is installed."));
    downloadButton_->setText(tr("Download"));
    cancelDownloadButton_->setText(tr("Cancel"));
    useModelButton_->setText(tr("Use this model"));
    fillCatalogueList();
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
            tr("Using the bundled <b>clipdesk-mini</b> (%1): a 2.6M-parameter bilingual (English and Chinese) CLIP trained only on Fashion-MNIST "
               "clothing images. It tells clothing categories apart (T-shirt, trousers, pullover, dress, coat, sandal, "
               "shirt, sneaker, bag, ankle boot) but does not understand general photos. To install a real checkpoint, "
               "download one under <b>Known models</b> below, or choose a CLIP model folder (e.g. "
               "<tt>openai/clip-vit-base-patch32</tt> from Hugging Face, or an open_clip <tt>.safetensors</tt>) above.")
                .arg(QDir::toNativeSeparators(effective)));
    } else if (effective.isEmpty()) {
        modelDescription_->setText(tr("No model is available. Choose a CLIP model folder or weights file."));
    } else {
        modelDescription_->setText(tr("Using %1.").arg(QDir::toNativeSeparators(effective).toHtmlEscaped()));
    }
    if (!effective.isEmpty())
        modelDescription_->setText(modelDescription_->text() + QStringLiteral("<br>") +
                                   tr("Query languages: %1.").arg(languageNames(modelQueryLanguages(effective.toStdString()))));
}

}  // namespace clipdesk::ui
