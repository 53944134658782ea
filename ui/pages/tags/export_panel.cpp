#include "pages/tags/export_panel.h"

#include "models/tag_review_model.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace clipdesk::ui {

ExportPanel::ExportPanel(TagReviewModel& model, QWidget* parent) : QGroupBox(parent), model_(model) {
    csvButton_ = new QPushButton(this);
    csvButton_->setObjectName("exportCsvButton");
    jsonButton_ = new QPushButton(this);
    jsonButton_->setObjectName("exportJsonButton");
    xmpButton_ = new QPushButton(this);
    xmpButton_->setObjectName("exportXmpButton");
    problems_ = new QListWidget(this);
    problems_->setObjectName("exportProblems");
    problems_->setMaximumHeight(90);
    problems_->hide();
    auto* row = new QHBoxLayout;
    row->addWidget(csvButton_);
    row->addWidget(jsonButton_);
    row->addWidget(xmpButton_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(problems_);

    connect(csvButton_, &QPushButton::clicked, this, [this] { chooseFile("csv"); });
    connect(jsonButton_, &QPushButton::clicked, this, [this] { chooseFile("json"); });
    connect(xmpButton_, &QPushButton::clicked, this, &ExportPanel::confirmXmpExport);
    connect(&model_, &TagReviewModel::exportProblemsChanged, this, &ExportPanel::showProblems);
    connect(&model_, &TagReviewModel::busyChanged, this, [this] {
        for (QPushButton* button : {csvButton_, jsonButton_, xmpButton_}) button->setEnabled(!model_.isBusy());
    });
    retranslateUi();
}

void ExportPanel::chooseFile(const QString& format) {
    const QString filter = format == "csv" ? tr("CSV files (*.csv)") : tr("JSON files (*.json)");
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Export tags"), QDir::home().filePath("tags." + format), filter);
    if (!file.isEmpty()) model_.requestExport(format, file);
}

void ExportPanel::confirmXmpExport() {
    // Files appear next to the user's photos: say so and ask first.
    const auto answer = QMessageBox::question(
        this, tr("Write XMP sidecars"),
        tr("Write an .xmp file next to every tagged photo in the checked folders? Existing sidecars keep their other "
           "properties; the photos themselves are not changed."),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes) model_.requestExport("xmp");
}

void ExportPanel::showProblems() {
    problems_->clear();
    problems_->addItems(model_.exportProblems());
    problems_->setVisible(!model_.exportProblems().isEmpty());
}

void ExportPanel::retranslateUi() {
    setTitle(tr("Export the checked folders' tags"));
    csvButton_->setText(tr("CSV…"));
    jsonButton_->setText(tr("JSON…"));
    xmpButton_->setText(tr("XMP sidecars…"));
    xmpButton_->setToolTip(tr("Write photo.jpg.xmp next to each photo (digiKam, darktable, Lightroom read them); "
                              "existing sidecars keep their other properties"));
}

void ExportPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QGroupBox::changeEvent(event);
}

}  // namespace clipdesk::ui
