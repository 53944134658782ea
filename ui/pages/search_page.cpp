#include "pages/search_page.h"

#include "thumbnails/photo_image.h"
#include "text/photo_date_text.h"

#include "models/search_result_model.h"
#include "pages/search_notice.h"
#include "services/tag_queries.h"
#include "settings/app_settings.h"
#include "thumbnails/thumbnail_cache.h"
#include "widgets/file_manager.h"
#include "widgets/message_label.h"
#include "widgets/photo_grid_view.h"
#include "widgets/photo_preview_dialog.h"
#include "widgets/thumbnail_size_slider.h"

#include <algorithm>

#include <QApplication>
#include <QCheckBox>
#include <QDateEdit>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QDragEnterEvent>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace clipdesk::ui {
namespace {

QString droppedImage(const QMimeData* mime) {
    if (!mime || !mime->hasUrls()) return {};
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) continue;
        const QFileInfo info(url.toLocalFile());
        if (info.isFile() && isPhotoFile(info.fileName()))
            return info.absoluteFilePath();
    }
    return {};
}

}  // namespace

SearchPage::SearchPage(AppSettings& settings, SearchService& service, ThumbnailCache& thumbnails, QWidget* parent)
    : QWidget(parent), settings_(settings), service_(service), thumbnails_(thumbnails) {
    setObjectName("searchPage");
    setAcceptDrops(true);
    results_ = new SearchResultModel(&thumbnails_, this);

    noticeLabel_ = new QLabel(this);
    noticeLabel_->setObjectName("searchNotice");
    noticeLabel_->setWordWrap(true);
    noticeLabel_->setTextFormat(Qt::RichText);
    noticeLabel_->setOpenExternalLinks(true);
    noticeLabel_->setStyleSheet("QLabel { background: #fff7d6; border: 1px solid #e0c96b; padding: 6px; }");
    queryEdit_ = new QLineEdit(this);
    queryEdit_->setObjectName("queryEdit");
    queryEdit_->setClearButtonEnabled(true);
    searchButton_ = new QPushButton(this);
    folderLabel_ = new QLabel(this);
    folderCombo_ = new QComboBox(this);
    folderCombo_->setObjectName("folderFilter");
    folderCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    folderCombo_->setMinimumContentsLength(16);
    tagLabel_ = new QLabel(this);
    tagCombo_ = new QComboBox(this);
    tagCombo_->setObjectName("tagFilter");
    tagCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    tagCombo_->setMinimumContentsLength(10);
    dateCheck_ = new QCheckBox(this);
    dateCheck_->setObjectName("dateFilter");
    fromEdit_ = new QDateEdit(QDate::currentDate().addYears(-1), this);
    fromEdit_->setObjectName("dateFrom");
    fromEdit_->setCalendarPopup(true);
    toLabel_ = new QLabel(this);
    toEdit_ = new QDateEdit(QDate::currentDate(), this);
    toEdit_->setObjectName("dateTo");
    toEdit_->setCalendarPopup(true);
    fromEdit_->setEnabled(false);
    toEdit_->setEnabled(false);
    sortLabel_ = new QLabel(this);
    sortCombo_ = new QComboBox(this);
    sortCombo_->setObjectName("sortOrder");
    for (const ResultOrder order : {ResultOrder::Score, ResultOrder::NewestFirst, ResultOrder::OldestFirst, ResultOrder::Folder})
        sortCombo_->addItem(QString(), static_cast<int>(order));
    countLabel_ = new QLabel(this);
    countSpin_ = new QSpinBox(this);
    countSpin_->setRange(1, 100000);
    countSpin_->setValue(200);
    statusLabel_ = new MessageLabel(this);
    statusLabel_->setObjectName("searchStatus");
    statusLabel_->setWordWrap(true);
    grid_ = new PhotoGridView(settings_.thumbnailSize(), this);
    grid_->setObjectName("resultView");
    grid_->setModel(results_);
    ThumbnailSizeSlider::bind(settings_, grid_);
    sizeSlider_ = new ThumbnailSizeSlider(settings_, this);
    preview_ = new PhotoPreviewDialog(this);

    auto* queryRow = new QHBoxLayout;
    queryRow->addWidget(queryEdit_, 1);
    queryRow->addWidget(searchButton_);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(folderLabel_);
    filterRow->addWidget(folderCombo_, 1);
    filterRow->addWidget(tagLabel_);
    filterRow->addWidget(tagCombo_);
    filterRow->addWidget(countLabel_);
    filterRow->addWidget(countSpin_);
    filterRow->addWidget(sizeSlider_);
    auto* orderRow = new QHBoxLayout;
    orderRow->addWidget(dateCheck_);
    orderRow->addWidget(fromEdit_);
    orderRow->addWidget(toLabel_);
    orderRow->addWidget(toEdit_);
    orderRow->addSpacing(16);
    orderRow->addWidget(sortLabel_);
    orderRow->addWidget(sortCombo_);
    orderRow->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(noticeLabel_);
    layout->addLayout(queryRow);
    layout->addLayout(filterRow);
    layout->addLayout(orderRow);
    layout->addWidget(statusLabel_);
    layout->addWidget(grid_, 1);

    connect(queryEdit_, &QLineEdit::returnPressed, this, &SearchPage::search);
    connect(searchButton_, &QPushButton::clicked, this, &SearchPage::search);
    connect(folderCombo_, &QComboBox::activated, this, &SearchPage::rerun);
    connect(tagCombo_, &QComboBox::activated, this, &SearchPage::rerun);
    connect(sortCombo_, &QComboBox::activated, this, &SearchPage::rerun);
    connect(dateCheck_, &QCheckBox::toggled, this, [this](bool on) {
        fromEdit_->setEnabled(on);
        toEdit_->setEnabled(on);
        rerun();
    });
    // A range whose end comes before its start is never asked: the other end follows.
    connect(fromEdit_, &QDateEdit::dateChanged, this, [this](const QDate& from) {
        if (toEdit_->date() < from) toEdit_->setDate(from);
    });
    connect(toEdit_, &QDateEdit::dateChanged, this, [this](const QDate& to) {
        if (fromEdit_->date() > to) fromEdit_->setDate(to);
    });
    connect(fromEdit_, &QDateEdit::editingFinished, this, &SearchPage::rerun);
    connect(toEdit_, &QDateEdit::editingFinished, this, &SearchPage::rerun);
    connect(&watcher_, &QFutureWatcher<SearchResult>::finished, this, &SearchPage::onSearchDone);
    connect(&tagsWatcher_, &QFutureWatcher<QStringList>::finished, this, [this] {
        const QString selected = tagCombo_->currentData().toString();
        while (tagCombo_->count() > 1) tagCombo_->removeItem(1);
        for (const QString& tag : tagsWatcher_.result()) tagCombo_->addItem(tag, tag);
        const int index = tagCombo_->findData(selected);
        tagCombo_->setCurrentIndex(index >= 0 ? index : 0);
        if (refreshTagsAgain_) {
            refreshTagsAgain_ = false;
            refreshTagFilter();
            return;
        }
        Q_EMIT tagFilterRefreshed();
    });
    connect(&previewTagsWatcher_, &QFutureWatcher<QStringList>::finished, this,
            [this] { preview_->setTags(previewTagsWatcher_.result()); });
    connect(grid_, &PhotoGridView::previewRequested, this, [this](const QModelIndex& i) { previewRow(i.row()); });
    connect(grid_, &PhotoGridView::openRequested, this, [this](const QModelIndex& i) { openRow(i.row()); });
    connect(grid_, &QWidget::customContextMenuRequested, this, &SearchPage::showContextMenu);
    connect(grid_, &PhotoGridView::leftAtTop, this, &SearchPage::focusQuery);
    connect(preview_, &PhotoPreviewDialog::stepRequested, this, [this](int step) {
        int row = grid_->currentIndex().row() + step;
        while (results_->isHeader(row)) row += step;  // month headers are not photos
        if (row < 0 || row >= results_->rowCount()) return;
        grid_->selectRow(row);
        previewRow(row);
    });
    queryEdit_->installEventFilter(this);
    connect(&settings_, &AppSettings::modelChanged, this, &SearchPage::updateNotice);
    auto* copy = new QShortcut(QKeySequence(QKeySequence::Copy), grid_);
    copy->setContext(Qt::WidgetShortcut);
    connect(copy, &QShortcut::activated, this, [this] { copyPaths(selectedRows()); });

    retranslateUi();
}

void SearchPage::retranslateUi() {
    queryEdit_->setPlaceholderText(tr("Describe a photo, e.g. a dog on a beach   (Ctrl+F)"));
    queryEdit_->setToolTip(tr(
        "<p><b>Query syntax</b></p>"
        "<table>"
        "<tr><td><tt>a dog on a beach</tt></td><td>plain words form one description</td></tr>"
        "<tr><td><tt>\"red car\" \"snow\"</tt></td><td>each quoted phrase is a concept of its own</td></tr>"
        "<tr><td><tt>beach +sunset</tt></td><td><tt>+</tt> adds a concept</td></tr>"
        "<tr><td><tt>beach -people</tt></td><td><tt>-</tt> subtracts a concept (weight 0.5)</td></tr>"
        "<tr><td><tt>beach^2 -people^0.8</tt></td><td><tt>^w</tt> sets a concept's weight</td></tr>"
        "<tr><td><tt>image:/photos/a.jpg +snow</tt></td><td>a photo as a concept</td></tr>"
        "</table>"
        "<p>Example: <tt>beach +sunset -people</tt></p>"));
    searchButton_->setText(tr("Search"));
    folderLabel_->setText(tr("Folder:"));
    dateCheck_->setText(tr("Taken from"));
    dateCheck_->setToolTip(tr("Only photos taken in this range (the photo's own date, else its file's date)"));
    toLabel_->setText(tr("to"));
    sortLabel_->setText(tr("Sort:"));
    sortCombo_->setItemText(0, tr("Best match"));
    sortCombo_->setItemText(1, tr("Newest first"));
    sortCombo_->setItemText(2, tr("Oldest first"));
    sortCombo_->setItemText(3, tr("Folder"));
    sortCombo_->setToolTip(tr("The order of the results; without a query the library is shown by date"));
    countLabel_->setText(tr("Results:"));
    countSpin_->setToolTip(tr("How many photos to show, best first"));
    if (folderCombo_->count() == 0) folderCombo_->addItem(QString());
    folderCombo_->setItemText(0, tr("All folders"));
    tagLabel_->setText(tr("Tag:"));
    if (tagCombo_->count() == 0) tagCombo_->addItem(QString());
    tagCombo_->setItemText(0, tr("Any tag"));
    tagCombo_->setToolTip(tr("Only photos carrying this tag (tags you rejected do not count)"));
    grid_->setToolTip(tr("Space: preview · Enter: open · Up on the first row: back to the query · right-click for "
                         "more · drag photos out to copy them"));
    updateNotice();
}

void SearchPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void SearchPage::updateNotice() {
    const QStringList notes = searchNotices(settings_, overview_);
    noticeLabel_->setText(notes.join("<br>"));
    noticeLabel_->setVisible(!notes.isEmpty());
}

bool SearchPage::eventFilter(QObject* watched, QEvent* event) {
    // Down from the query field enters the results, at the current (else the first) photo.
    if (watched == queryEdit_ && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Down && results_->rowCount() > 0) {
        const QModelIndex current = grid_->currentIndex();
        grid_->selectRow(current.isValid() ? current.row() : 0);
        grid_->setFocus(Qt::TabFocusReason);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void SearchPage::setLibraryOverview(const LibraryOverview& overview) {
    overview_ = overview;
    const QString selected = folderCombo_->currentData().toString();
    while (folderCombo_->count() > 1) folderCombo_->removeItem(1);
    for (const auto& folder : overview.folders) folderCombo_->addItem(QDir::toNativeSeparators(folder.path), folder.path);
    const int index = folderCombo_->findData(selected);
    folderCombo_->setCurrentIndex(index >= 0 ? index : 0);
    updateNotice();
    refreshTagFilter();
}

void SearchPage::refreshTagFilter() {
    if (tagsWatcher_.isRunning()) {
        refreshTagsAgain_ = true;  // the list being read may predate the change
        return;
    }
    const QString dir = settings_.libraryDir();
    tagsWatcher_.setFuture(QtConcurrent::run([dir] { return libraryTagNames(dir); }));
}

void SearchPage::focusQuery() {
    queryEdit_->setFocus(Qt::ShortcutFocusReason);
    queryEdit_->selectAll();
}

void SearchPage::search() { searchText(queryEdit_->text()); }

void SearchPage::searchText(const QString& query) {
    if (queryEdit_->text() != query) queryEdit_->setText(query);
    SearchRequest request;
    request.kind = SearchRequest::Kind::Text;
    request.query = query.trimmed();
    run(request);
}

void SearchPage::findSimilar(const QString& imagePath) {
    SearchRequest request;
    request.kind = SearchRequest::Kind::Image;
    request.query = imagePath;
    run(request);
}

void SearchPage::rerun() {
    if (last_) run(*last_);
}

void SearchPage::run(const SearchRequest& base) {
    last_ = base;
    SearchRequest request = base;
    request.libraryDir = settings_.libraryDir();
    request.folder = folderCombo_->currentData().toString();
    request.tag = tagCombo_->currentData().toString();
    request.order = static_cast<ResultOrder>(sortCombo_->currentData().toInt());
    request.taken = {};
    if (dateCheck_->isChecked()) {
        request.taken.from = fromEdit_->date().toString(QStringLiteral("yyyy-MM-dd 00:00:00")).toStdString();
        request.taken.before = toEdit_->date().addDays(1).toString(QStringLiteral("yyyy-MM-dd 00:00:00")).toStdString();
    }
    // Browsing shows the whole library (up to the largest count); a search its best `count`.
    const bool browsing = request.kind == SearchRequest::Kind::Text && request.query.isEmpty();
    request.k = browsing ? countSpin_->maximum() : countSpin_->value();
    request.threads = settings_.threads();
    if (watcher_.isRunning()) {
        queued_ = request;  // only the newest waiting search matters
        return;
    }
    running_ = request;
    statusLabel_->showMessage(browsing ? translatable([] { return tr("Loading the library by date…"); })
                              : request.kind == SearchRequest::Kind::Image
                                  ? translatable([name = QFileInfo(request.query).fileName()] {
                                        return tr("Looking for photos like %1…").arg(name);
                                    })
                                  : translatable([] { return tr("Searching…"); }));
    SearchService* service = &service_;
    watcher_.setFuture(QtConcurrent::run([service, request] { return service->run(request); }));
}

void SearchPage::onSearchDone() {
    const SearchResult result = watcher_.result();
    lastError_ = result.error;
    if (!result.error.isEmpty()) {
        results_->clear();
        statusLabel_->showMessage(translatable([error = result.error] { return tr("Search failed: %1").arg(error.toString()); }));
    } else {
        const bool browsing = running_.kind == SearchRequest::Kind::Text && running_.query.isEmpty();
        const bool byDate = browsing ? running_.order != ResultOrder::Folder
                                     : running_.order == ResultOrder::NewestFirst || running_.order == ResultOrder::OldestFirst;
        results_->setHits(result.hits, byDate ? SearchResultModel::Grouping::ByMonth : SearchResultModel::Grouping::None);
        grid_->setSectioned(byDate);
        grid_->scrollToTop();
        // The best result becomes current (Space previews it) without being selected.
        if (!result.hits.isEmpty())
            grid_->selectionModel()->setCurrentIndex(results_->index(results_->isHeader(0) ? 1 : 0),
                                                     QItemSelectionModel::NoUpdate);
        if (browsing)
            statusLabel_->showMessage(translatable([found = int(result.hits.size()), seconds = result.seconds,
                                                     oldest = running_.order == ResultOrder::OldestFirst] {
                return (oldest ? tr("%n photo(s), oldest first, in %1 s", nullptr, found)
                               : tr("%n photo(s), newest first, in %1 s", nullptr, found))
                    .arg(QString::number(seconds, 'f', 2));
            }));
        else
            statusLabel_->showMessage(translatable([byImage = running_.kind == SearchRequest::Kind::Image,
                                                     query = running_.query, found = int(result.hits.size()),
                                                     seconds = result.seconds] {
                const QString what = byImage ? tr("like %1").arg(QFileInfo(query).fileName()) : tr("for “%1”").arg(query);
                return tr("%n photo(s) %1 in %2 s", nullptr, found).arg(what, QString::number(seconds, 'f', 2));
            }));
    }
    if (queued_) {
        const SearchRequest next = *queued_;
        queued_.reset();
        run(next);
        return;
    }
    Q_EMIT searchFinished();
}

void SearchPage::clearResults() {
    results_->clear();
    statusLabel_->clearMessage();
}

QList<int> SearchPage::selectedRows() const {
    QList<int> rows;
    for (const QModelIndex& index : grid_->selectionModel()->selectedIndexes()) rows << index.row();
    if (rows.isEmpty() && grid_->currentIndex().isValid()) rows << grid_->currentIndex().row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void SearchPage::showContextMenu(const QPoint& pos) {
    const QModelIndex index = grid_->indexAt(pos);
    if (!index.isValid() || results_->isHeader(index.row())) return;
    const int row = index.row();
    QMenu menu(this);
    menu.addAction(tr("Find similar"), this, [this, row] { findSimilar(results_->pathAt(row)); });
    menu.addAction(tr("Preview\tSpace"), this, [this, row] { previewRow(row); });
    menu.addAction(tr("Open\tEnter"), this, [this, row] { openRow(row); });
    menu.addAction(tr("Show in file manager"), this, [this, row] { revealRow(row); });
    menu.addAction(tr("Copy path\tCtrl+C"), this, [this] { copyPaths(selectedRows()); });
    menu.exec(grid_->viewport()->mapToGlobal(pos));
}

void SearchPage::previewRow(int row) {
    const QString path = results_->pathAt(row);
    if (path.isEmpty()) return;
    const PhotoHit* hit = results_->hitAt(row);
    preview_->showPhoto(path, hit->scored ? hit->score : -2.0,
                        hit->date.isEmpty() ? QString() : longDateText(hit->date, hit->dateOffset, hit->dateFromFile));
    const QString dir = settings_.libraryDir();
    previewTagsWatcher_.setFuture(QtConcurrent::run([dir, path] { return photoTagNames(dir, path); }));
}

void SearchPage::openRow(int row) {
    const QString path = results_->pathAt(row);
    if (!path.isEmpty() && !QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
        Q_EMIT statusMessage(translatable([path = QDir::toNativeSeparators(path)] {
            return tr("No application to open %1").arg(path);
        }));
}

void SearchPage::revealRow(int row) {
    const QString path = results_->pathAt(row);
    if (!path.isEmpty()) revealInFileManager(path);
}

void SearchPage::copyPaths(const QList<int>& rows) {
    QStringList paths;
    for (int row : rows)
        if (!results_->isHeader(row)) paths << results_->pathAt(row);
    if (paths.isEmpty()) return;
    QApplication::clipboard()->setText(paths.join('\n'));
    Q_EMIT statusMessage(translatable([n = int(paths.size())] { return tr("Copied %n path(s)", nullptr, n); }));
}

void SearchPage::dragEnterEvent(QDragEnterEvent* event) {
    if (event->source() != grid_ && event->source() != grid_->viewport() && !droppedImage(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void SearchPage::dropEvent(QDropEvent* event) {
    const QString image = droppedImage(event->mimeData());
    if (image.isEmpty()) return;
    event->acceptProposedAction();
    findSimilar(image);
}

}  // namespace clipdesk::ui
