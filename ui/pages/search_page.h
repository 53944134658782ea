#pragma once
// Search page: a query field (Ctrl+F; Enter searches; the query syntax in its tooltip), a
// folder filter, a tag filter (only photos carrying a tag), a range of dates taken, the order
// (best match, newest, oldest, folder), and the results as a thumbnail grid with scores and
// dates. An empty query browses the library as a timeline with month headers. Each result can be
// previewed (Space), opened with the default application, revealed in the file manager, its
// path copied, used for "Find similar", or dragged out; dropping an image file on the page
// finds photos similar to it. Searches run off the GUI thread.

#include "services/library_overview.h"
#include "services/search_service.h"

#include <QFutureWatcher>
#include <QStringList>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace clipdesk::ui {

class AppSettings;
class MessageLabel;
class PhotoGridView;
class PhotoPreviewDialog;
class SearchResultModel;
class ThumbnailCache;
class ThumbnailSizeSlider;

class SearchPage : public QWidget {
    Q_OBJECT
public:
    SearchPage(AppSettings& settings, SearchService& service, ThumbnailCache& thumbnails, QWidget* parent = nullptr);

    SearchResultModel* resultModel() const { return results_; }
    PhotoGridView* resultView() const { return grid_; }
    QLineEdit* queryEdit() const { return queryEdit_; }
    PhotoPreviewDialog* previewDialog() const { return preview_; }
    QLabel* noticeLabel() const { return noticeLabel_; }
    QCheckBox* dateFilterCheck() const { return dateCheck_; }
    QDateEdit* dateFromEdit() const { return fromEdit_; }
    QDateEdit* dateToEdit() const { return toEdit_; }
    QComboBox* sortCombo() const { return sortCombo_; }
    QString lastError() const { return lastError_.toString(); }
    bool isSearching() const { return watcher_.isRunning(); }

public Q_SLOTS:
    void focusQuery();
    void search();
    void searchText(const QString& query);
    // Photos that look like `imagePath` (in the library or not).
    void findSimilar(const QString& imagePath);
    // The folder list of the folder filter, and the notices that depend on the library.
    void setLibraryOverview(const clipdesk::ui::LibraryOverview& overview);
    void clearResults();
    // Reloads the tag filter's list of the library's tags (off the GUI thread).
    void refreshTagFilter();
    void previewRow(int row);
    void openRow(int row);
    void revealRow(int row);
    void copyPaths(const QList<int>& rows);

Q_SIGNALS:
    void searchFinished();
    void tagFilterRefreshed();
    void statusMessage(const clipdesk::ui::TranslatableText& message);

protected:
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslateUi();
    void run(const SearchRequest& request);
    // Runs the last search again with the filters and order now chosen.
    void rerun();
    void onSearchDone();
    void showContextMenu(const QPoint& pos);
    QList<int> selectedRows() const;
    void updateNotice();

    AppSettings& settings_;
    SearchService& service_;
    ThumbnailCache& thumbnails_;
    SearchResultModel* results_;
    QFutureWatcher<SearchResult> watcher_;
    std::optional<SearchRequest> queued_;
    std::optional<SearchRequest> last_;
    SearchRequest running_;
    TranslatableText lastError_;
    LibraryOverview overview_;

    QLabel* noticeLabel_;
    QLineEdit* queryEdit_;
    QPushButton* searchButton_;
    QLabel* folderLabel_;
    QComboBox* folderCombo_;
    QLabel* tagLabel_;
    QComboBox* tagCombo_;
    QFutureWatcher<QStringList> tagsWatcher_;
    QFutureWatcher<QStringList> previewTagsWatcher_;
    bool refreshTagsAgain_ = false;
    QCheckBox* dateCheck_;
    QDateEdit* fromEdit_;
    QLabel* toLabel_;
    QDateEdit* toEdit_;
    QLabel* sortLabel_;
    QComboBox* sortCombo_;
    QLabel* countLabel_;
    QSpinBox* countSpin_;
    MessageLabel* statusLabel_;
    ThumbnailSizeSlider* sizeSlider_;
    PhotoGridView* grid_;
    PhotoPreviewDialog* preview_;
};

}  // namespace clipdesk::ui
