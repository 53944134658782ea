#include "pages/duplicates_page.h"

#include "models/duplicate_group_model.h"
#include "settings/app_settings.h"
#include "thumbnails/thumbnail_cache.h"
#include "widgets/message_label.h"

#include <QDoubleSpinBox>
#include <QEvent>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace clipdesk::ui {

DuplicatesPage::DuplicatesPage(AppSettings& settings, ThumbnailCache& thumbnails, QWidget* parent)
    : QWidget(parent), settings_(settings) {
    setObjectName("duplicatesPage");
    job_ = new DuplicatesJob(this);
    job_->setLibrary(settings_.libraryDir(), settings_.threads());
    model_ = new DuplicateGroupModel(&thumbnails, this);

    title_ = new QLabel(this);
    title_->setObjectName("duplicatesTitle");
    distanceLabel_ = new QLabel(this);
    distance_ = new QDoubleSpinBox(this);
    distance_->setObjectName("duplicateDistance");
    distance_->setDecimals(4);
    distance_->setRange(0, 0.5);
    distance_->setSingleStep(0.001);
    distanceLabel_->setBuddy(distance_);
    defaultLabel_ = new QLabel(this);
    findButton_ = new QPushButton(this);
    findButton_->setObjectName("findDuplicatesButton");
    cancelButton_ = new QPushButton(this);
    auto* top = new QHBoxLayout;
    top->addWidget(distanceLabel_);
    top->addWidget(distance_);
    top->addWidget(defaultLabel_, 1);
    top->addWidget(findButton_);
    top->addWidget(cancelButton_);

    view_ = new QTableView(this);
    view_->setObjectName("duplicateGroups");
    view_->setModel(model_);
    view_->setIconSize(QSize(thumbnails.size(), thumbnails.size()));
    view_->setWordWrap(true);
    view_->setSelectionMode(QAbstractItemView::MultiSelection);
    view_->setSelectionBehavior(QAbstractItemView::SelectItems);
    view_->horizontalHeader()->setDefaultSectionSize(thumbnails.size() + 160);
    view_->verticalHeader()->setDefaultSectionSize(thumbnails.size() + 16);

    selectOthersButton_ = new QPushButton(this);
    selectOthersButton_->setObjectName("selectOthersButton");
    tagButton_ = new QPushButton(this);
    tagButton_->setObjectName("tagDuplicatesButton");
    hideButton_ = new QPushButton(this);
    hideButton_->setObjectName("hideDuplicatesButton");
    trashButton_ = new QPushButton(this);
    trashButton_->setObjectName("trashDuplicatesButton");
    auto* actions = new QHBoxLayout;
    actions->addWidget(selectOthersButton_);
    actions->addStretch(1);
    actions->addWidget(tagButton_);
    actions->addWidget(hideButton_);
    actions->addWidget(trashButton_);
    status_ = new MessageLabel(this);
    status_->setObjectName("duplicatesStatus");
    status_->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addLayout(top);
    layout->addWidget(view_, 1);
    layout->addLayout(actions);
    layout->addWidget(status_);

    connect(distance_, &QDoubleSpinBox::valueChanged, this, [this] { distanceEdited_ = true; });
    connect(findButton_, &QPushButton::clicked, this, &DuplicatesPage::findDuplicates);
    connect(cancelButton_, &QPushButton::clicked, job_, &DuplicatesJob::cancel);
    connect(selectOthersButton_, &QPushButton::clicked, this, &DuplicatesPage::selectOthersThanKeepers);
    connect(tagButton_, &QPushButton::clicked, this, &DuplicatesPage::tagSelected);
    connect(hideButton_, &QPushButton::clicked, this, &DuplicatesPage::hideSelected);
    connect(trashButton_, &QPushButton::clicked, this, &DuplicatesPage::trashSelected);
    connect(job_, &DuplicatesJob::finished, this, &DuplicatesPage::onFinished);
    connect(job_, &DuplicatesJob::progressChanged, this, [this](const JobProgress& p) {
        status_->showMessage(translatable([p] { return tr("Comparing photos: %1 of %2…").arg(p.done).arg(p.total); }));
    });
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DuplicatesPage::updateState);
    connect(&settings_, &AppSettings::libraryDirChanged, this, [this] {
        job_->setLibrary(settings_.libraryDir(), settings_.threads());
        haveResult_ = false;
        distanceEdited_ = false;
        model_->setGroups({});
    });
    retranslateUi();
    updateState();
}

void DuplicatesPage::findDuplicates() {
    const std::optional<double> chosen = distanceEdited_ ? std::optional<double>(distance_->value()) : std::nullopt;
    if (!job_->find(chosen, chosen.has_value())) return;
    status_->showMessage(translatable([] { return tr("Looking for near-duplicates…"); }));
    updateState();
}

void DuplicatesPage::selectOthersThanKeepers() {
    view_->clearSelection();
    for (const auto& index : model_->othersThanKeepers()) view_->selectionModel()->select(index, QItemSelectionModel::Select);
}

QList<qint64> DuplicatesPage::selectedIds() const {
    QList<qint64> ids;
    for (const auto& index : view_->selectionModel()->selectedIndexes())
        if (const auto* photo = model_->photoAt(index)) ids.append(photo->photoId);
    return ids;
}

QStringList DuplicatesPage::selectedPaths() const {
    QStringList paths;
    for (const auto& index : view_->selectionModel()->selectedIndexes())
        if (const auto* photo = model_->photoAt(index)) paths.append(QString::fromStdString(photo->path));
    return paths;
}

void DuplicatesPage::markSelected(DuplicateMark mark) {
    const auto ids = selectedIds();
    if (ids.isEmpty() || !job_->mark(ids, mark)) return;
    updateState();
}

void DuplicatesPage::tagSelected() { markSelected(DuplicateMark::Tag); }

void DuplicatesPage::hideSelected() { markSelected(DuplicateMark::Hide); }

void DuplicatesPage::trashSelected() {
    const auto ids = selectedIds();
    const auto paths = selectedPaths();
    if (ids.isEmpty() || job_->isRunning()) return;
    bool keeperSelected = false;
    for (const auto& index : view_->selectionModel()->selectedIndexes())
        keeperSelected = keeperSelected || model_->data(index, DuplicateGroupModel::KeeperRole).toBool();
    QString question = tr("Move %n photo(s) to the trash? They can be restored from the desktop's trash.", nullptr,
                          static_cast<int>(ids.size()));
    if (keeperSelected) question += "\n\n" + tr("The selection includes suggested keepers.");
    if (QMessageBox::question(this, tr("Move to trash"), question) != QMessageBox::Yes) return;
    QList<qint64> trashed;
    QStringList failed;
    for (int i = 0; i < ids.size(); ++i) {
        if (QFile::moveToTrash(paths[i]))
            trashed.append(ids[i]);
        else
            failed.append(paths[i]);
    }
    if (!failed.isEmpty())
        QMessageBox::warning(this, tr("Move to trash"),
                             tr("These files could not be moved to the trash and were left as they are:\n%1")
                                 .arg(failed.join('\n')));
    if (!trashed.isEmpty()) job_->forgetTrashed(trashed);
    updateState();
}

void DuplicatesPage::onFinished(const DuplicatesOutcome& outcome) {
    if (!outcome.error.isEmpty()) {
        status_->showMessage(outcome.error);
    } else if (outcome.cancelled) {
        status_->showMessage(translatable([] { return tr("Cancelled."); }));
    } else if (outcome.kind == DuplicatesKind::Find) {
        distanceInfo_ = outcome.distance;
        haveResult_ = true;
        const QSignalBlocker block(distance_);
        distance_->setValue(outcome.result.maxDistance);
        distanceEdited_ = false;
        model_->setGroups(outcome.result.groups);
        const auto groups = static_cast<int>(outcome.result.groups.size());
        const auto compared = outcome.result.photosCompared;
        const double seconds = outcome.seconds;
        status_->showMessage(translatable([groups, compared, seconds] {
            return tr("%n group(s) of near-duplicates among %1 photos (%2 s).", nullptr, groups)
                .arg(compared)
                .arg(seconds, 0, 'f', 1);
        }));
    } else {
        const auto changed = outcome.changed;
        const auto kind = outcome.kind;
        status_->showMessage(translatable([changed, kind] {
            return kind == DuplicatesKind::ForgetTrashed ? tr("%n photo(s) moved to the trash and forgotten.", nullptr, static_cast<int>(changed))
                                                         : tr("%n photo(s) marked.", nullptr, static_cast<int>(changed));
        }));
        Q_EMIT libraryChanged();
        job_->find(std::nullopt, false);  // the groups without the photos just hidden or trashed
    }
    retranslateUi();
    updateState();
}

void DuplicatesPage::updateState() {
    const bool running = job_->isRunning();
    const bool selected = view_->selectionModel()->hasSelection();
    findButton_->setEnabled(!running);
    cancelButton_->setEnabled(running);
    selectOthersButton_->setEnabled(!running && model_->rowCount() > 0);
    tagButton_->setEnabled(!running && selected);
    hideButton_->setEnabled(!running && selected);
    trashButton_->setEnabled(!running && selected);
}

void DuplicatesPage::retranslateUi() {
    setWindowTitle(tr("Near-duplicates"));
    title_->setText(tr("<b>Near-duplicates</b>: photos whose embeddings are closer than the distance below. "
                       "Select the copies to mark; the suggested keeper (largest resolution, then largest file) is first."));
    title_->setWordWrap(true);
    distanceLabel_->setText(tr("Maximum &distance:"));
    defaultLabel_->setText(haveResult_ ? tr("default for %1: %2%3")
                                             .arg(QString::fromStdString(distanceInfo_.model))
                                             .arg(distanceInfo_.modelDefault, 0, 'f', 4)
                                             .arg(distanceInfo_.chosen ? tr(" (your choice is kept for this model)") : QString())
                                       : QString());
    findButton_->setText(tr("&Find duplicates"));
    cancelButton_->setText(tr("Cancel"));
    selectOthersButton_->setText(tr("Select all but the keepers"));
    tagButton_->setText(tr("Tag as “duplicate”"));
    hideButton_->setText(tr("Hide from results"));
    trashButton_->setText(tr("Move to trash…"));
}

void DuplicatesPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

}  // namespace clipdesk::ui
