#pragma once
// Near-duplicate review: finds groups of photos closer than the model's duplicate distance (on a
// worker thread, DuplicatesJob), shows each group side by side with the suggested keeper first
// (DuplicateGroupModel), and marks the selected photos: a `duplicate` tag, hidden from results,
// or moved to the desktop trash after a confirmation (never deleted; the library then forgets
// them). The distance is adjustable; a changed one is remembered for the library's model.

#include "jobs/duplicates_job.h"

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTableView;

namespace clipdesk::ui {

class AppSettings;
class DuplicateGroupModel;
class MessageLabel;
class ThumbnailCache;

class DuplicatesPage : public QWidget {
    Q_OBJECT
public:
    DuplicatesPage(AppSettings& settings, ThumbnailCache& thumbnails, QWidget* parent = nullptr);

    DuplicateGroupModel* model() const { return model_; }
    DuplicatesJob* job() const { return job_; }
    QTableView* view() const { return view_; }
    QDoubleSpinBox* distanceBox() const { return distance_; }

public Q_SLOTS:
    // Finds the groups again, with the distance shown once the user changed it (then remembered).
    void findDuplicates();
    void selectOthersThanKeepers();
    void tagSelected();
    void hideSelected();
    // Asks first; moves the selected files to the trash and has the library forget them.
    void trashSelected();

Q_SIGNALS:
    // Photos were hidden, tagged or forgotten: searches and counts elsewhere are stale.
    void libraryChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    QList<qint64> selectedIds() const;
    QStringList selectedPaths() const;
    void markSelected(DuplicateMark mark);
    void onFinished(const DuplicatesOutcome& outcome);
    void updateState();
    void retranslateUi();

    AppSettings& settings_;
    DuplicatesJob* job_;
    DuplicateGroupModel* model_;
    bool distanceEdited_ = false;
    DuplicateDistance distanceInfo_;
    bool haveResult_ = false;

    QLabel* title_;
    QLabel* distanceLabel_;
    QDoubleSpinBox* distance_;
    QLabel* defaultLabel_;
    QPushButton* findButton_;
    QPushButton* cancelButton_;
    QTableView* view_;
    QPushButton* selectOthersButton_;
    QPushButton* tagButton_;
    QPushButton* hideButton_;
    QPushButton* trashButton_;
    MessageLabel* status_;
};

}  // namespace clipdesk::ui
