#pragma once
// The Tags page's "Tag folders" box: the library's folders to check (the scope of the run,
// the review and the export), the zero-shot run's settings, Tag and Cancel, the progress
// bar, and the status line where the model's results and errors show.

#include "models/tag_review_model.h"
#include "services/library_overview.h"
#include "widgets/message_label.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace clipdesk::ui {

class RunPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit RunPanel(TagReviewModel& model, QWidget* parent = nullptr);

    // Lists the library's folders, checked; the same library keeps what was unchecked.
    void setFolders(const LibraryOverview& overview, bool sameLibrary);
    ZeroShotOptions options() const;
    QLabel* statusLabel() const { return statusLabel_; }
    void showStatus(const TranslatableText& text, TagReviewModel::MessageKind kind);

Q_SIGNALS:
    void runRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateButtons();
    void tellScope();
    void showProgress(const JobProgress& progress);

    TagReviewModel& model_;
    QListWidget* folderList_;
    QFormLayout* form_;
    QComboBox* modeCombo_;
    QSpinBox* topKSpin_;
    QComboBox* methodCombo_;
    QDoubleSpinBox* thresholdSpin_;
    QCheckBox* defaultThresholdCheck_;
    QPushButton* runButton_;
    QPushButton* cancelButton_;
    QProgressBar* progressBar_;
    MessageLabel* statusLabel_;
};

}  // namespace clipdesk::ui
