#pragma once
// The thumbnail grid of search results: icon mode, uniform cells, laid out in batches so a
// list of 100,000 results stays responsive. Space asks for a preview, Enter opens; photos
// can be dragged out as file URLs.

#include <QListView>

namespace clipdesk::ui {

class PhotoGridView : public QListView {
    Q_OBJECT
public:
    explicit PhotoGridView(int thumbnailSize, QWidget* parent = nullptr);

Q_SIGNALS:
    void previewRequested(const QModelIndex& index);
    void openRequested(const QModelIndex& index);

protected:
    void keyPressEvent(QKeyEvent* event) override;
};

}  // namespace clipdesk::ui
