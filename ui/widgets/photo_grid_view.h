#pragma once
// The thumbnail grid of search results: icon mode, one fixed cell per photo from the
// thumbnail size (PhotoTileDelegate paints it), laid out in batches so a list of 100,000
// results stays responsive. Space asks for a preview, Enter opens, Up on the first row leaves
// the grid upwards; photos can be dragged out as file URLs.

#include <QListView>

namespace clipdesk::ui {

class PhotoTileDelegate;

class PhotoGridView : public QListView {
    Q_OBJECT
public:
    explicit PhotoGridView(int thumbnailSize, QWidget* parent = nullptr);

    int thumbnailSize() const;
    PhotoTileDelegate* tileDelegate() const { return delegate_; }
    // Makes `row` current and selected and scrolls to it (preview's next/previous).
    void selectRow(int row);
    // A timeline: the model has full-width month headers between the photos, so cells are
    // laid out from each row's size hint instead of one grid size.
    void setSectioned(bool sectioned);
    bool isSectioned() const { return sectioned_; }

public Q_SLOTS:
    // Sets the cells' size (clamped to kMinThumbnailSize..kMaxThumbnailSize) and lays out again.
    void setThumbnailSize(int size);

Q_SIGNALS:
    void previewRequested(const QModelIndex& index);
    void openRequested(const QModelIndex& index);
    void leftAtTop();  // Up on the first row

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateCellSize();

    PhotoTileDelegate* delegate_;
    bool sectioned_ = false;
};

}  // namespace clipdesk::ui
