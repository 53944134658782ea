#pragma once
// The Tags page's review: the tags in scope with their photo counts, and for the selected
// tag a thumbnail grid of its photos (or of those passing the threshold while it is moved)
// with Accept / Reject (buttons, A / R keys, multi-selection; the selection and position
// stay after a decision); Space or double-click previews a photo with its tags. Other tools (the threshold, tag by example) go above and
// below the grid.

#include <QList>
#include <QString>
#include <QWidget>

class QLabel;
class QListView;
class QPushButton;
class QVBoxLayout;

namespace clipdesk::ui {

class AppSettings;
class PhotoGridView;
class PhotoPreviewDialog;
class SearchResultModel;
class TagCountModel;
class TagReviewModel;
class ThumbnailCache;

class TagReviewPanel : public QWidget {
    Q_OBJECT
public:
    TagReviewPanel(TagReviewModel& model, AppSettings& settings, ThumbnailCache& thumbnails, QWidget* parent = nullptr);

    void addTools(QWidget* aboveGrid, QWidget* belowGrid);
    // The photos selected in the grid.
    QList<qint64> selectedPhotoIds() const;
    bool hasSelection() const;

    TagCountModel* tagModel() const { return tagModel_; }
    QListView* tagList() const { return tagList_; }
    SearchResultModel* gridModel() const { return gridModel_; }
    PhotoGridView* grid() const { return grid_; }
    PhotoPreviewDialog* previewDialog() const { return preview_; }

Q_SIGNALS:
    void selectionChanged();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslateUi();
    void showTags();
    void showSelectedTag();
    void showPhotos();
    void showHeading();
    void updateButtons();
    void decide(bool accept);
    void previewRow(int row);
    void restoreSelection(const QList<qint64>& photoIds, qint64 currentId, int currentRow);

    TagReviewModel& model_;
    QLabel* tagsHeading_;
    TagCountModel* tagModel_;
    QListView* tagList_;
    QLabel* heading_;
    QPushButton* acceptButton_;
    QPushButton* rejectButton_;
    SearchResultModel* gridModel_;
    PhotoGridView* grid_;
    QVBoxLayout* column_;
    PhotoPreviewDialog* preview_;
    QString shownTag_;         // the tag whose photos the grid shows
    QList<qint64> shownIds_;   // the grid's photos, by row
};

}  // namespace clipdesk::ui
